"""The team's chat webhook: which events post there, the URL's safety rules, the message and
its delivery. The outbox's deliverer calls `sender.send_webhook` with `payload.webhook_payload`."""
