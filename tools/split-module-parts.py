#!/usr/bin/env python3
"""Moves what the Requests module owns out of Platform (docs/adr/0012-migrations.md, "Module ownership").

Run from the repository root on any branch: it is idempotent, so it can be run again after a merge brought new
Requests keys or scripts into Platform's folders.
  - migrations that touch only Requests tables: Platform/Data/Migrations/{P}/NNNN_x.sql -> Modules/Requests/Data/Migrations/{P}/
  - the full-text scripts: Platform/Data/Extras/{P}/requests_search.sql -> Modules/Requests/Data/Extras/{P}/
  - texts whose key starts with a Requests prefix: Platform/Localization/Resources/{lang}.json -> Modules/Requests/Resources/{lang}.json
File names (the migration ids stored in wasl_schema_history) and script contents do not change. Moves use `git mv`.
"""
import json
import os
import subprocess
import sys

PLATFORM = "src/Wasl.Web/Platform"
MODULE = "src/Wasl.Web/Modules/Requests"
PROVIDERS = ["Sqlite", "PostgreSQL"]
LANGUAGES = ["ar", "en", "fa", "fr"]

# Scripts that create or change Requests tables only. 0001, 0007, 0015, 0017, 0019 are Platform's; 0009 (ApiClients
# and Requests.ApiClientId) and 0012 (deadlines, outbox and Requests' deadline columns) mix both and stay in Platform.
REQUESTS_MIGRATIONS = [
    "0002_requests", "0003_request_workflow", "0004_requester_rights", "0005_tracking_locks", "0006_attachments",
    "0008_full_text_search", "0010_event_positions", "0011_running_requests_index", "0013_deadline_outcomes",
    "0014_indicators", "0020_request_address_media", "0021_search_text_version", "0026_scoped_lists",
]
REQUESTS_EXTRAS = ["requests_search.sql"]
# Key prefixes only Requests uses (checked with grep over Platform/: none of them appears there).
REQUESTS_KEY_PREFIXES = (
    "Requests.", "RequestStatus.", "RequestType.", "RequestEvent.", "RequesterRole.", "IntakeChannel.",
    "Indicators.", "Reports.", "CallCenter.",
    "Module.Requests.", "Module.Indicators.", "Module.Reports.", "Module.CallCenter.",
)


def git_mv(source, target):
    if not os.path.exists(source):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    subprocess.run(["git", "mv", source, target], check=True)
    print(f"moved {source} -> {target}")


def load(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


def main():
    if not os.path.isdir(PLATFORM):
        sys.exit("run from the repository root")
    for provider in PROVIDERS:
        for script in REQUESTS_MIGRATIONS:
            git_mv(f"{PLATFORM}/Data/Migrations/{provider}/{script}.sql", f"{MODULE}/Data/Migrations/{provider}/{script}.sql")
        for extra in REQUESTS_EXTRAS:
            git_mv(f"{PLATFORM}/Data/Extras/{provider}/{extra}", f"{MODULE}/Data/Extras/{provider}/{extra}")
    for lang in LANGUAGES:
        platform_path = f"{PLATFORM}/Localization/Resources/{lang}.json"
        module_path = f"{MODULE}/Resources/{lang}.json"
        platform, module = load(platform_path), load(module_path)
        moved = {k: v for k, v in platform.items() if k.startswith(REQUESTS_KEY_PREFIXES)}
        clash = [k for k in moved if k in module and module[k] != moved[k]]
        if clash:
            sys.exit(f"{lang}: keys in both files with different texts, settle by hand: {clash}")
        module.update(moved)
        save(platform_path, {k: v for k, v in platform.items() if k not in moved})
        save(module_path, module)
        print(f"{lang}: {len(moved)} keys moved to {module_path} ({len(module)} there)")
    if subprocess.run(["git", "add", f"{MODULE}/Resources"], check=False).returncode != 0:
        print("git add failed: add the module's resources by hand")


if __name__ == "__main__":
    main()
