// Package store keeps checkmail's triage history: one case per analyzed mail,
// the keys that link cases together (Message-ID, sender organizational
// domain, origin network, link domains, attachment hashes) and the team's
// votes on each case.
//
// The store is SQLite through modernc.org/sqlite (pure Go, so the binary
// builds with CGO_ENABLED=0). The schema is versioned from the first release:
// numbered migrations are applied in order inside transactions and recorded
// in schema_migrations(version, applied_at). A Store is safe for concurrent
// use by many goroutines; write transactions take SQLite's write lock up
// front (BEGIN IMMEDIATE) and wait up to busy_timeout for it, so concurrent
// votes never fail with SQLITE_BUSY under normal load.
package store
