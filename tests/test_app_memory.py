"""Values kept per application (marketplace/app_memory.py): computed once while fresh, computed again
once their seconds have passed, the least recently used dropped when the store is full."""

from __future__ import annotations

from marketplace import app_memory


def test_kept_while_fresh_computed_again_when_stale_and_least_recent_dropped(app, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(app_memory.time, "monotonic", lambda: clock[0])
    calls: list[str] = []

    def value(name: str):
        def compute() -> str:
            calls.append(name)
            return name.upper()
        return compute

    with app.app_context():
        keep = lambda key: app_memory.remembered("test_store", key, value(key), 60, 2)  # noqa: E731
        assert keep("a") == "A" and keep("a") == "A" and calls == ["a"]
        clock[0] += 61
        assert keep("a") == "A" and calls == ["a", "a"]  # stale: computed again
        keep("b")
        keep("a")  # a is now the most recently used
        keep("c")  # the store holds two: b goes
        assert app_memory.store_keys("test_store") == ["a", "c"]
        keep("b")
        assert calls == ["a", "a", "b", "c", "b"]
