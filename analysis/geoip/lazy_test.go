package geoip

import (
	"net/netip"
	"sync"
	"testing"
)

func opened() int {
	openCount.Lock()
	defer openCount.Unlock()
	return openCount.n
}

// TestEmbeddedLazyOnce: OpenDefault reads none of the embedded data; the
// first lookups, however many and however concurrent, open each embedded
// database exactly once per process.
func TestEmbeddedLazyOnce(t *testing.T) {
	before := opened()
	readers := make([]*Reader, 4)
	for i := range readers {
		r, err := OpenDefault("", "")
		if err != nil {
			t.Fatal(err)
		}
		readers[i] = r
	}
	// Neither opening nor closing a Reader reads the embedded data.
	if r, err := OpenDefault("", ""); err != nil || r.Close() != nil {
		t.Fatal(err)
	}
	if n := opened(); n != before {
		t.Fatalf("OpenDefault/Close opened %d embedded databases; want none before the first lookup", n-before)
	}
	ip := netip.MustParseAddr("106.185.101.209")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(r *Reader) {
			defer wg.Done()
			g, a, err := r.Lookup(ip)
			if err == nil && (g.Country != "JP" || a.Number != 2516) {
				t.Errorf("got %+v %+v", g, a)
			}
			if err != nil {
				errs <- err
			}
		}(readers[i%len(readers)])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := opened(); n != 2 {
		t.Errorf("embedded databases opened %d times in this process, want 2 (country and ASN once each)", n)
	}
	for _, r := range readers {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	}
	// Closing a Reader leaves the shared embedded databases usable.
	r, _ := OpenDefault("", "")
	if _, a, err := r.Lookup(ip); err != nil || a.Number != 2516 {
		t.Errorf("after Close: %+v %v", a, err)
	}
	if n := opened(); n != 2 {
		t.Errorf("opened %d times after Close", n)
	}
}

func TestLookupCountry(t *testing.T) {
	for _, tc := range []struct{ code, en, ja string }{
		{"JP", "Japan", "日本"}, {"US", "United States", "アメリカ合衆国"}, {"HK", "Hong Kong", "香港"},
		{"AC", "Ascension Island", "アセンション島"}, {"ZW", "Zimbabwe", "ジンバブエ"}, {"ZZ", "", ""}, {"jp", "", ""}, {"", "", ""},
	} {
		n, ok := lookupCountry(tc.code)
		if ok != (tc.en != "") || n.en != tc.en || n.ja != tc.ja {
			t.Errorf("%q: %+v %v", tc.code, n, ok)
		}
	}
	for i := 1; i < len(countries); i++ {
		if countries[i-1].code >= countries[i].code {
			t.Fatalf("countries not sorted at %s", countries[i].code)
		}
	}
}
