"""Offline-first sync of an athlete's laptop (SQLite) with a coach's shared PostgreSQL server."""
#
# How it cannot lose or double a row:
# - Every synced row has a `uid` (UUID4 text) that names it on every copy; foreign keys travel
#   as uids (library movements by slug, activity kinds by name) and become local ids on arrival.
# - The laptop records every insert, update and delete of a synced row in `sync_outbox`
#   (SQLite triggers, so Core writes count too); the server keeps one `sync_changes` row per
#   synced row with a rising number, a tombstone after a delete (PostgreSQL triggers).
# - A sync pulls first: the server's changes for this athlete numbered above the last one
#   seen, minus the laptop's own pushes, are upserted by uid with the triggers silenced.
#   Then it pushes: the outbox, collapsed to each row's latest op, goes up in batches, each
#   one server transaction of upserts (`ON CONFLICT (uid) DO UPDATE`) and deletes by uid.
#   Outbox entries are cleared only after the server committed, so a retry after any failure
#   sends the same rows again, and an upsert by uid (or a delete of a gone uid) changes nothing.
# - Derived rows (top sets and PR flags, e1RM day bests, muscle recovery) never travel; each
#   side rebuilds them for the workouts and movements a batch touched.
#
# Conflict rule, when one row changed on both sides since the last sync:
# - The coach owns plans (programs, microcycles, sessions, session exercises, pattern
#   exposures): the server's version wins, and the laptop's losing version is recorded in
#   `sync_conflicts` (winner "server").
# - The athlete owns logs (workouts, sets, soreness, check-ins, activities, body weight,
#   custom movements): the laptop's version wins and reaches the server at the same sync; the
#   server's losing version is recorded in `sync_conflicts` (winner "laptop").
# - A delete counts as a change: a lost delete is recorded as {"deleted": true}.
# - A row whose other unique key (a day's body weight, say) is held by another row replaces it.
#
# Isolation: every server read and write filters by the linked server account, through the
# same ownership rule a backup uses; a uid held by another account's row is never overwritten.

from alloy_desktop.services.sync.service import SyncReport, SyncService, SyncStatus
from alloy_desktop.services.sync.words import SyncError

__all__ = ["SyncError", "SyncReport", "SyncService", "SyncStatus"]
