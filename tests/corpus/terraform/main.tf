terraform {
  required_providers {
    azuread = { source = "hashicorp/azuread", version = "~> 2.47" }
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.100" }
  }
  backend "azurerm" {
    resource_group_name  = "tfstate"
    storage_account_name = "contosotfstate"
    container_name       = "state"
    key                  = "prod.tfstate"
    client_id            = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
  }
}

locals {
  # Azure PowerShell (1950a258-227b-4e31-a9cf-717495945fc2) was used here before the app registration existed.
  deploy_app  = "1950a258-227b-4e31-a9cf-717495945fc2"
  graph_app   = "00000003-0000-0000-c000-000000000000"
  teams_app   = "1fec8e78-bce4-4aaf-ab1b-5451cc387264"
}

provider "azuread" {
  client_id = local.deploy_app
  tenant_id = var.tenant_id
}

provider "azurerm" {
  features {}
  client_id = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
}

data "azuread_service_principal" "graph" {
  client_id = local.graph_app
}

data "azuread_service_principal" "office" {
  client_id = "d3590ed6-52b3-4102-aeff-aad2292ab01c"
}

resource "azuread_service_principal" "teams" {
  client_id    = local.teams_app
  use_existing = true
}

resource "azuread_application" "reporting" {
  display_name = "reporting"

  required_resource_access {
    resource_app_id = "00000003-0000-0000-c000-000000000000"
    resource_access {
      id   = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
      type = "Scope"
    }
  }

  required_resource_access {
    resource_app_id = "00000002-0000-0ff1-ce00-000000000000"
    resource_access {
      id   = "dc50a0fb-09a3-484d-be87-e023b12c6440"
      type = "Role"
    }
  }
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-prod"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  dns_prefix          = "aksprod"

  service_principal {
    client_id     = "04f0c124-f2bc-4f59-8241-bf6df9866bbd"
    client_secret = var.aks_secret
  }
}

output "uses_cli_app" {
  value = var.pipeline_client_id == "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
}
