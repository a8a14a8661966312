package rdap_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/rdap"
	"github.com/checkmail/checkmail/analysis/report"
)

var clock = time.Date(2021, 12, 18, 9, 0, 0, 0, time.UTC)

var kddi = analysistest.NetworkRecord{
	Start: "106.184.0.0", End: "106.188.255.255", Name: "KDDI", Country: "JP",
	Org: "KDDI CORPORATION", OrgHandle: "ORG-KC1-AP", AbuseEmail: "abuse@dion.ne.jp", AbuseIRT: "IRT-KDDI-JP",
	RIR: "apnic", Registered: time.Date(2011, 2, 1, 0, 0, 0, 0, time.UTC),
}

func newServer(t *testing.T) *analysistest.RDAPServer {
	s := analysistest.NewRDAPServer(t)
	s.IP("106.184.0.0/14", analysistest.NetworkJSON(kddi))
	s.Domain("emberpoint.com", analysistest.DomainRecord{
		Registrar: "GMO Internet, Inc.", RegistrarIANAID: "49", AtRegistrar: "Emberpoint Inc.",
		Created: time.Date(2008, 4, 2, 5, 0, 0, 0, time.UTC), Status: []string{"client transfer prohibited"},
	})
	s.Domain("thick.com", analysistest.DomainRecord{Registrar: "Thick Registrar", RegistrarIANAID: "1", Registrant: "Thick Org", Created: time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)})
	s.Domain("smartalk-rakuten.com", analysistest.DomainRecord{
		Registrar: "NameSilo, LLC", RegistrarIANAID: "1479", Redacted: true,
		Created: time.Date(2021, 12, 14, 9, 12, 43, 0, time.UTC),
	})
	for _, n := range []string{"notfound", "limited", "broken", "garbage", "huge", "moved", "loop", "ftp", "hang"} {
		s.Domain(n+".com", analysistest.DomainRecord{Registrar: "X", Registrant: "Y", Created: clock})
	}
	s.Fault("domain/notfound.com", analysistest.Fault404)
	s.Fault("domain/limited.com", analysistest.Fault429)
	s.Fault("domain/broken.com", analysistest.Fault500)
	s.Fault("domain/garbage.com", analysistest.FaultGarbage)
	s.Fault("domain/huge.com", analysistest.FaultHuge)
	s.Fault("domain/moved.com", analysistest.FaultRedirect)
	s.Fault("domain/loop.com", analysistest.FaultRedirectLoop)
	s.Fault("domain/ftp.com", analysistest.FaultRedirectScheme)
	s.Fault("domain/hang.com", analysistest.FaultHang)
	return s
}

func newClient(t *testing.T, s *analysistest.RDAPServer) *rdap.Client {
	c, err := rdap.New(rdap.Config{BootstrapURL: s.BootstrapURL(), Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIP(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	got, err := c.IP(context.Background(), netip.MustParseAddr("106.185.101.209"))
	if err != nil {
		t.Fatal(err)
	}
	want := report.Network{Name: "KDDI", Handle: "106.184.0.0 - 106.188.255.255", Range: "106.184.0.0 - 106.188.255.255",
		Org: "KDDI CORPORATION", Country: "JP", AbuseEmail: "abuse@dion.ne.jp", Source: "rdap:apnic"}
	if got != want {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if _, err := c.IP(context.Background(), netip.MustParseAddr("8.8.8.8")); !errors.Is(err, rdap.ErrNoRDAP) {
		t.Errorf("unlisted address: err = %v, want ErrNoRDAP", err)
	}
	if _, err := c.IP(context.Background(), netip.Addr{}); err == nil {
		t.Error("invalid address: want error")
	}
}

func TestDomain(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	tests := []struct {
		name       string
		registrar  string
		registrant string
		created    time.Time
	}{
		{"emberpoint.com", "GMO Internet, Inc.", "Emberpoint Inc.", time.Date(2008, 4, 2, 5, 0, 0, 0, time.UTC)},
		{"THICK.com.", "Thick Registrar", "Thick Org", time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"smartalk-rakuten.com", "NameSilo, LLC", "", time.Date(2021, 12, 14, 9, 12, 43, 0, time.UTC)},
		{"moved.com", "X", "Y", clock}, // one redirect is followed
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Domain(context.Background(), tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if got.Registrar != tc.registrar || got.Registrant != tc.registrant || !got.Created.Equal(tc.created) || got.Source != "rdap" {
				t.Errorf("got %+v", got)
			}
		})
	}
	// The registrar was asked only for the domains whose registry answer lacks a registrant.
	if n := s.Requests("registrar/domain/emberpoint.com"); n != 1 {
		t.Errorf("registrar requests for emberpoint.com = %d, want 1", n)
	}
	if n := s.Requests("registrar/domain/thick.com"); n != 0 {
		t.Errorf("registrar requests for thick.com = %d, want 0", n)
	}
}

func TestDomainErrors(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	tests := []struct {
		name  string
		check func(error) bool
	}{
		{"rakuten.co.jp", func(err error) bool { return errors.Is(err, rdap.ErrNoRDAP) }},
		{"notfound.com", func(err error) bool { return errors.Is(err, rdap.ErrNotFound) }},
		{"unregistered.com", func(err error) bool { return errors.Is(err, rdap.ErrNotFound) }},
		{"limited.com", func(err error) bool {
			var rl *rdap.RateLimitError
			return errors.Is(err, rdap.ErrRateLimited) && errors.As(err, &rl) && rl.RetryAfter == 120*time.Second
		}},
		{"broken.com", func(err error) bool { return err != nil }},
		{"garbage.com", func(err error) bool { return errors.Is(err, rdap.ErrBadAnswer) }},
		{"huge.com", func(err error) bool { return errors.Is(err, rdap.ErrTooLarge) }},
		{"loop.com", func(err error) bool { return err != nil }},
		{"ftp.com", func(err error) bool { return err != nil }},
		{"bad/name.com", func(err error) bool { return err != nil }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Domain(context.Background(), tc.name)
			if !tc.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
	t.Run("hang", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Domain(ctx, "hang.com")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want deadline exceeded", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestBootstrapDown(t *testing.T) {
	c, err := rdap.New(rdap.Config{BootstrapURL: "http://127.0.0.1:1/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Domain(context.Background(), "example.com"); err == nil || errors.Is(err, rdap.ErrNoRDAP) {
		t.Errorf("bootstrap unreachable: err = %v, want a real error (not ErrNoRDAP)", err)
	}
	for _, bad := range []string{"ftp://x/", "::", "http://"} {
		if _, err := rdap.New(rdap.Config{BootstrapURL: bad}); err == nil {
			t.Errorf("New(%q): want error", bad)
		}
	}
}

// TestConcurrent shares one client between many goroutines (run with -race:
// openrdap's bootstrap client is not safe for concurrent use by itself).
func TestConcurrent(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				n, err := c.IP(context.Background(), netip.MustParseAddr("106.185.101.209"))
				if err != nil || n.Name != "KDDI" {
					errs <- fmt.Errorf("ip: %+v %v", n, err)
				}
				return
			}
			d, err := c.Domain(context.Background(), "emberpoint.com")
			if err != nil || d.Registrant != "Emberpoint Inc." {
				errs <- fmt.Errorf("domain: %+v %v", d, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
