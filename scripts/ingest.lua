-- wrk script: every request posts a new customer message with a unique externalId and threadKey,
-- so each one creates a conversation (the worst case for ingest).
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  prefix = string.format("w%d-%d-%d", tid or 0, os.time(), math.random(1, 1000000000))
end
request = function()
  counter = counter + 1
  local id = prefix .. "-" .. counter
  local body = string.format('{"channel":"api","externalId":"%s","threadKey":"t-%s","author":{"name":"Asiakas %d","handle":"h%d"},"text":"Hei! Paketti on myöhässä ja laskussa on virhe, viesti %s","public":false}',
    id, id, counter % 1000, counter % 20000, id)
  return wrk.format("POST", "/api/v1/messages",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "bench-token")}, body)
end
