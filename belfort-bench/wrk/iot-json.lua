-- wrk script: devices sending two measurements each to the IoT Agent JSON endpoint, spread over the bench's devices
-- (tenant "bench", devices bench-dev-0 .. bench-dev-999 and the key "belfort-bench-iot-key", provisioned by
-- `belfort bench --workloads iot-json --entities 1000`). Measurements/s is twice the requests/s.
-- Usage: wrk -t2 -c64 -d15s -s belfort-bench/wrk/iot-json.lua http://localhost:8080
local counter = 0
local devices = tonumber(os.getenv("DEVICES") or "1000")
local headers = { ["NGSILD-Tenant"] = "bench", ["Content-Type"] = "application/json" }

request = function()
  counter = counter + 1
  local n = (counter * 7919) % devices
  local body = '{"t": ' .. ((counter % 400) / 10) .. ', "n": ' .. (counter % 200) .. '}'
  return wrk.format("POST", "/iot/json?k=belfort-bench-iot-key&i=bench-dev-" .. n, headers, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body)
  end
end
