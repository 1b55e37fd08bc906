-- wrk script for bench/sales.py: three-line cash sales with fresh UUIDs.
-- The token comes from the environment (COMPTOIR_BENCH_TOKEN); the sales go round
-- COMPTOIR_BENCH_REGISTERS registers (ids 1 to N).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("COMPTOIR_BENCH_TOKEN")

local registers = tonumber(os.getenv("COMPTOIR_BENCH_REGISTERS") or "1")
local counter = 0
local statuses = {}

function setup(thread)
  thread:set("tid", math.random(1, 0xfffff))
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
end

local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0x7fffffff), tid % 0xffff,
    math.random(0, 0xfff), math.random(0, 0xfff), counter)
end

request = function()
  local register = math.random(1, registers)
  local body = '{"id":"' .. uuid() .. '","register_id":' .. register .. ',"lines":[' ..
    '{"barcode":"3017620422003","quantity":1},' ..
    '{"barcode":"4006381333931","quantity":2},' ..
    '{"barcode":"5449000000996","quantity":1}],' ..
    '"payments":[{"method":"cash","amount":100000}]}'
  return wrk.format(nil, "/api/v1/sales", nil, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    statuses[status] = (statuses[status] or 0) + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d duration_us=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
