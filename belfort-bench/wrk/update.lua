-- wrk script: partial update of one attribute of the bench's car parks (tenant "bench", ids bench-0 .. bench-9999,
-- made by `belfort bench --workloads update --entities 10000`), spread over all of them.
-- LINK=1 names the core context in a Link header, as many clients do; without it the update uses the default context.
-- Usage: LINK=1 wrk -t2 -c16 -d15s -s belfort-bench/wrk/update.lua http://localhost:8080
local counter = 0
local entities = tonumber(os.getenv("ENTITIES") or "10000")
local headers = { ["NGSILD-Tenant"] = "bench", ["Content-Type"] = "application/json" }
if os.getenv("LINK") == "1" then
  headers["Link"] = '<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld>; '
      .. 'rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
end

request = function()
  counter = counter + 1
  local n = (counter * 7919) % entities
  local body = '{"type":"Property","value":' .. (counter % 500) .. ',"observedAt":"'
      .. os.date("!%Y-%m-%dT%H:%M:%SZ") .. '"}'
  return wrk.format("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:bench-" .. n
      .. "/attrs/availableSpotNumber", headers, body)
end

response = function(status, headers, body)
  if status ~= 204 then
    print("unexpected status " .. status .. ": " .. body)
  end
end
