-- wrk script for the Meta webhook (POST /webhooks/meta): cycles through bodies signed in advance by
-- scripts/meta-benchmark.sh (one "signature<TAB>body" a line in META_BODIES), each a documented Page feed
-- comment with its own comment id, so every request is verified and stored like one from Meta.
local bodies = {}
local n = 0
local i = 0

function init(args)
  for line in io.lines(os.getenv("META_BODIES")) do
    local tab = line:find("\t", 1, true)
    n = n + 1
    bodies[n] = { line:sub(1, tab - 1), line:sub(tab + 1) }
  end
end

function request()
  i = i % n + 1
  local b = bodies[i]
  return wrk.format("POST", "/webhooks/meta",
    { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = b[1] }, b[2])
end
