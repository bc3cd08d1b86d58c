"""Real parallel requests for the race tests: one app instance per thread (as gunicorn
workers on one database would be), released together by a barrier, over several rounds."""

import threading

import pytest

ROUNDS = 4


def together(*calls):
    """Run the calls in parallel threads, released at the same instant; their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def workers(another_app, login):
    """`workers(person, ...)`: a signed-in client per person, each on its own app instance."""

    def _workers(*people, **config):
        return [login(another_app(**config).test_client(), person) for person in people]

    return _workers


def posting(client, url: str, **kwargs):
    """A POST to run later, in `together`."""
    return lambda: client.post(url, **kwargs)


def statuses(responses) -> list[int]:
    return sorted(r.status_code for r in responses)
