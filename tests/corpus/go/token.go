package auth

import "net/url"

func deviceCodeForm() url.Values {
	form := url.Values{}
	form.Set("client_id", "04f0c124-f2bc-4f59-8241-bf6df9866bbd")
	form.Set("scope", "00000003-0000-0000-c000-000000000000/.default offline_access")
	return form
}

var legacy = url.Values{"client_id": {"1b730954-1685-4b74-9bfd-dac224a7b894"}}
