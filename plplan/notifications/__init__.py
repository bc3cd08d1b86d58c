"""Who hears what, and how: services raise events (`outbox.notify`), one place decides the
audience (`audience`), the inbox shows them (`views`) and the deliverer mails them (`deliver`)."""
