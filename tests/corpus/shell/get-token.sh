#!/usr/bin/env bash
# Fetch a token for the nightly job. The Azure CLI app is 04b07795-8ddb-461a-bbee-02f9e1bf7b46; do not reuse it.
set -euo pipefail

TENANT="${TENANT:-contoso.onmicrosoft.com}"
export AZURE_CLIENT_ID="${AZURE_CLIENT_ID:-1950a258-227b-4e31-a9cf-717495945fc2}"
APP=04b07795-8ddb-461a-bbee-02f9e1bf7b46

curl -sS -X POST "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" \
  -d "client_id=${APP}&grant_type=client_credentials&scope=00000003-0000-0000-c000-000000000000/.default" \
  -d "client_secret=${SECRET}"

wget -qO- --post-data "client_id=14d82eec-204b-4c2f-b7e8-296a70dab67e&scope=797f4846-ba00-4fd7-ba43-dac1f8f63013/.default" \
  "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/devicecode"

az login --service-principal --username 1fec8e78-bce4-4aaf-ab1b-5451cc387264 --password "$SECRET" --tenant "$TENANT"
az ad sp show --id d3590ed6-52b3-4102-aeff-aad2292ab01c --query appDisplayName -o tsv
az role assignment create --assignee 00000003-0000-0000-c000-000000000000 --role Reader --scope "/subscriptions/$SUB"

if [ "$(az account show --query user.name -o tsv)" = "04f0c124-f2bc-4f59-8241-bf6df9866bbd" ]; then
  echo "Signed in as Visual Studio (04f0c124-f2bc-4f59-8241-bf6df9866bbd); use your own app." >&2
fi

FALLBACKS=(1b730954-1685-4b74-9bfd-dac224a7b894 29d9ed98-a469-4536-ade2-f981bc1d605e)
for id in "${FALLBACKS[@]}"; do
  az login --service-principal -u "$id" -p "$SECRET" --tenant "$TENANT" && break
done

az account get-access-token --resource 797f4846-ba00-4fd7-ba43-dac1f8f63013 --query accessToken -o tsv
az ad app permission add --id "$APP_ID" --api 00000003-0000-0000-c000-000000000000 --api-permissions e1fe6dd8-ba31-4d61-89e7-88639da4683d=Scope
