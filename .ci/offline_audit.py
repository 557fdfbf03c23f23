"""pip-audit where the vulnerability services cannot be reached: the OSV query API answered on loopback
from a copy of the Python Packaging Authority's advisory database kept in the repository.

    python .ci/offline_audit.py build ADVISORY_DATABASE_CHECKOUT   # refresh .ci/advisories.json
    python .ci/offline_audit.py audit [PIP-AUDIT ARGS...]            # pip-audit against that copy

`build` reads the OSV records (`vulns/<package>/*.yaml` at the git repository's HEAD) of every
distribution installed in the running interpreter's environment and writes them, with the database's
commit and date and the list of packages it covers, to `.ci/advisories.json`. `audit` serves that file
as `POST /v1/query` (the one OSV call pip-audit makes) and runs `pip-audit --vulnerability-service osv
--osv-url …` against it. A package the copy does not cover (a dependency added since the last `build`)
gets an error answer, so pip-audit fails instead of passing it unaudited. Matching follows the OSV
schema: an explicit `versions` list, or an ECOSYSTEM range whose events (introduced, fixed,
last_affected) put the version inside.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

DATA = Path(__file__).with_name("advisories.json")


def installed() -> list[str]:
    """The canonical names of the distributions installed where this interpreter runs."""
    return sorted({canonicalize_name(dist.metadata["Name"]) for dist in metadata.distributions()})


def build(checkout: Path) -> None:
    """Write `advisories.json` from an advisory-database checkout for the installed distributions."""
    import yaml  # noqa: PLC0415 - only the refresh needs it

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(checkout), *args],  # noqa: S603, S607 - a developer's tool
                              check=True, capture_output=True, text=True).stdout

    commit = git("log", "-1", "--format=%H %cI").split()
    by_name: dict[str, list[str]] = {}
    for path in git("ls-tree", "-r", "--name-only", "HEAD", "vulns").split():
        if path.endswith(".yaml"):
            by_name.setdefault(canonicalize_name(path.split("/")[1]), []).append(path)
    packages = installed()
    vulns = {name: [yaml.safe_load(git("show", f"HEAD:{path}")) for path in sorted(by_name[name])]
             for name in packages if name in by_name}
    DATA.write_text(json.dumps({"source": "https://github.com/pypa/advisory-database",
                                "commit": commit[0], "date": commit[1],
                                "built": datetime.now(UTC).isoformat(timespec="seconds"),
                                "packages": packages, "vulns": vulns},
                               ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n")
    print(f"{sum(map(len, vulns.values()))} advisories for {len(vulns)} of {len(packages)} packages, "
          f"database of {commit[1]}")


def _in_range(version: Version, events: list[dict]) -> bool:
    """Whether `version` is affected by one OSV ECOSYSTEM range (events in version order)."""
    def key(event: dict) -> Version:
        value = next(iter(event.values()))
        return Version("0") if value == "0" else Version(value)

    affected = False
    for event in sorted(events, key=key):
        kind, value = next(iter(event.items()))
        bound = Version("0") if value == "0" else Version(value)
        if kind == "introduced" and version >= bound:
            affected = True
        elif kind == "fixed" and version >= bound:
            affected = False
        elif kind == "last_affected" and version > bound:
            affected = False
    return affected


def affects(vuln: dict, name: str, version: str) -> bool:
    """Whether an OSV record lists `name` at `version` among the affected."""
    try:
        parsed = Version(version)
    except InvalidVersion:
        parsed = None
    for affected in vuln.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package.get("name", "")) != name:
            continue
        if version in affected.get("versions", []):
            return True
        ranges = [each.get("events", []) for each in affected.get("ranges", [])
                  if each.get("type") == "ECOSYSTEM"]
        if parsed is not None and any(_in_range(parsed, events) for events in ranges):
            return True
    return False


def _handler(data: dict) -> type[BaseHTTPRequestHandler]:
    covered = set(data["packages"])

    class Query(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            name = canonicalize_name(query["package"]["name"])
            if name not in covered:
                self._answer(500, {"error": f"{name} is not in .ci/advisories.json: run its build again"})
                return
            found = [vuln for vuln in data["vulns"].get(name, []) if affects(vuln, name, query["version"])]
            self._answer(200, {"vulns": found} if found else {})

        def _answer(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    return Query


def audit(arguments: list[str]) -> int:
    """Serve the copy on a free loopback port and run pip-audit against it; pip-audit's exit status."""
    data = json.loads(DATA.read_text())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(data))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"advisories: {data['source']} at {data['commit'][:12]} ({data['date']}), "
          f"{sum(map(len, data['vulns'].values()))} records for {len(data['packages'])} packages")
    try:
        command = [str(Path(sys.executable).with_name("pip-audit")), "--vulnerability-service", "osv",
                   "--osv-url", f"http://127.0.0.1:{server.server_port}/v1/query", "--progress-spinner=off",
                   *arguments]
        return subprocess.call(command)  # noqa: S603 - pip-audit with the caller's arguments
    finally:
        server.shutdown()


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"] and len(sys.argv) == 3:
        build(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["audit"]:
        sys.exit(audit(sys.argv[2:]))
    else:
        sys.exit(__doc__)
