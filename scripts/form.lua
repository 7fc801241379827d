-- wrk script: every request is a customer sending the contact form (form-encoded, as a browser posts it),
-- each from a new email address, so each one becomes a new conversation. FORM_KEY names the form.
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  prefix = string.format("w%d-%d-%d", tid or 0, os.time(), math.random(1, 1000000000))
  path = "/f/" .. os.getenv("FORM_KEY")
end
request = function()
  counter = counter + 1
  local body = string.format("name=Asiakas+%d&email=%s-%d%%40example.fi&orderNumber=A-%d&message=Tilaukseni+on+my%%C3%%B6h%%C3%%A4ss%%C3%%A4%%2C+viesti+%d",
    counter % 1000, prefix, counter, counter, counter)
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json"}, body)
end
