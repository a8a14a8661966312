// Package storetest gives tests a private Postgres database (a fresh
// schema in the server named by CHECKMAIL_TEST_POSTGRES) or a reason to
// skip. In CI (CI=true) a missing server is a failure, not a skip.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvPostgres names the variable holding the test server's DSN
// (postgres://user@127.0.0.1:port/db?sslmode=disable).
const EnvPostgres = "CHECKMAIL_TEST_POSTGRES"

// PostgresDSN returns a DSN whose search_path is a new, empty schema
// (dropped at the end of the test). Without CHECKMAIL_TEST_POSTGRES the
// test is skipped, or fails when CI=true.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the Postgres tests (.ci/run starts a server)", EnvPostgres)
		}
		t.Skipf("%s is not set: no Postgres to test against (.ci/run starts one)", EnvPostgres)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", EnvPostgres, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, base); err == nil {
			_, _ = c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			_ = c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
