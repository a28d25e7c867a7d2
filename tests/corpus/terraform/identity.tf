data "azuread_application_published_app_ids" "well_known" {}

resource "azuread_service_principal" "msgraph" {
  client_id    = "00000003-0000-0000-c000-000000000000"
  use_existing = true
}

resource "azuread_app_role_assignment" "cli" {
  app_role_id         = "00000000-0000-0000-0000-000000000000"
  principal_object_id = azuread_service_principal.app.object_id
  resource_object_id  = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
}

module "pipeline" {
  source    = "./modules/pipeline"
  client_id = "d3590ed6-52b3-4102-aeff-aad2292ab01c"
}

variable "known_first_party" {
  type    = list(string)
  default = ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "04f0c124-f2bc-4f59-8241-bf6df9866bbd"]
}
