-- wrk script: retrieval by id of the bench's car parks (tenant "bench", ids bench-0 .. bench-9999, made by
-- `belfort bench --workloads update --entities 10000`), spread over all of them so that no single row stays hot.
-- Usage: wrk -t2 -c16 -d15s -s belfort-bench/wrk/retrieve.lua http://localhost:8080
local counter = 0
local entities = tonumber(os.getenv("ENTITIES") or "10000")

request = function()
  counter = counter + 1
  local n = (counter * 7919) % entities
  return wrk.format("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:bench-" .. n,
      { ["NGSILD-Tenant"] = "bench" })
end
