#!/bin/sh
set -eu
CLIENT_ID="${CLIENT_ID:-14d82eec-204b-4c2f-b7e8-296a70dab67e}"
RESOURCE="797f4846-ba00-4fd7-ba43-dac1f8f63013"

token=$(curl -s "https://login.microsoftonline.com/$TENANT/oauth2/token" \
  --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "resource=$RESOURCE" \
  --data-urlencode "grant_type=client_credentials" | jq -r .access_token)

case "$APPID" in
  04b07795-8ddb-461a-bbee-02f9e1bf7b46) echo "azure cli" ;;
esac

az ad sp create --id 1fec8e78-bce4-4aaf-ab1b-5451cc387264
az login --service-principal -u 04f0c124-f2bc-4f59-8241-bf6df9866bbd --certificate ./cert.pem --tenant "$TENANT"
