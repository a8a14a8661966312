package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadASNCSV(t *testing.T) {
	a := netip.MustParseAddr
	tests := []struct {
		name    string
		in      string
		want    []ASNRange
		wantErr string
	}{
		{"ipv4 rows, quoted comma", "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n106.128.0.0,106.191.255.255,2516,KDDI CORPORATION\n",
			[]ASNRange{{a("1.0.0.0"), a("1.0.0.255"), 13335, "Cloudflare, Inc."}, {a("106.128.0.0"), a("106.191.255.255"), 2516, "KDDI CORPORATION"}}, ""},
		{"ipv6 row", "2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n",
			[]ASNRange{{a("2001:200::"), a("2001:200:1b9:ffff:ffff:ffff:ffff:ffff"), 2500, "WIDE Project"}}, ""},
		{"mapped addresses are IPv4", "::ffff:1.2.3.0,::ffff:1.2.3.255,64500,X\n",
			[]ASNRange{{a("1.2.3.0"), a("1.2.3.255"), 64500, "X"}}, ""},
		{"AS0 skipped, no org", "1.2.3.0,1.2.3.255,0,\n5.6.7.0,5.6.7.255,64501,\n",
			[]ASNRange{{a("5.6.7.0"), a("5.6.7.255"), 64501, ""}}, ""},
		{"empty", "", nil, ""},
		{"single address", "9.9.9.9,9.9.9.9,19281,Quad9\n", []ASNRange{{a("9.9.9.9"), a("9.9.9.9"), 19281, "Quad9"}}, ""},
		{"reversed", "1.0.0.255,1.0.0.0,13335,X\n", nil, "line 1: range 1.0.0.255-1.0.0.0 ends before it starts"},
		{"mixed families", "1.0.0.0,2001::1,13335,X\n", nil, "mixes IPv4 and IPv6"},
		{"bad address", "1.0.0,1.0.0.255,13335,X\n", nil, "range start"},
		{"zone", "fe80::1%eth0,fe80::2,13335,X\n", nil, "zone"},
		{"AS too large", "1.0.0.0,1.0.0.255,4294967296,X\n", nil, "AS number"},
		{"negative AS", "1.0.0.0,1.0.0.255,-1,X\n", nil, "AS number"},
		{"three fields", "1.0.0.0,1.0.0.255,13335\n", nil, "wrong number of fields"},
		{"error names its line", "1.0.0.0,1.0.0.255,1,X\n1.0.1.0,1.0.1.255,x,Y\n", nil, "line 2:"},
		{"bare quote", "1.0.0.0,1.0.0.255,1,Bad \"quote\n", nil, "asn csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []ASNRange
			err := readASNCSV(strings.NewReader(tc.in), func(r ASNRange) error { got = append(got, r); return nil })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("row %d: %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadASNCSVBounds(t *testing.T) {
	long := "1.0.0.0,1.0.0.255,1," + strings.Repeat("é", 200) + "\n" // 400 bytes: cut to 256, valid UTF-8
	var got ASNRange
	if err := readASNCSV(strings.NewReader(long), func(r ASNRange) error { got = r; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got.Org) > maxOrgBytes || len(got.Org) < maxOrgBytes-1 || !strings.HasPrefix(got.Org, "éé") {
		t.Errorf("org of %d bytes", len(got.Org))
	}
	huge := "1.0.0.0,1.0.0.255,1," + strings.Repeat("x", maxRowBytes) + "\n"
	if err := readASNCSV(strings.NewReader(huge), func(ASNRange) error { return nil }); err == nil {
		t.Error("row over maxRowBytes accepted")
	}
	invalid := "1.0.0.0,1.0.0.255,1,a\xffb\n"
	if err := readASNCSV(strings.NewReader(invalid), func(r ASNRange) error { got = r; return nil }); err != nil || got.Org != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q %v", got.Org, err)
	}
	stop := errors.New("stop")
	if err := readASNCSV(strings.NewReader("1.0.0.0,1.0.0.255,1,a\n"), func(ASNRange) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("callback error lost: %v", err)
	}
}

// TestBuildASN builds a small database and reads it back.
func TestBuildASN(t *testing.T) {
	b, err := newASNBuilder(1781722800, "test")
	if err != nil {
		t.Fatal(err)
	}
	in := "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n106.128.0.0,106.191.255.255,2516,KDDI CORPORATION\n" +
		"10.0.0.0,10.255.255.255,64512,Private\n" + // wholly reserved: skipped
		"2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n"
	if err := readASNCSV(strings.NewReader(in), b.add); err != nil {
		t.Fatal(err)
	}
	if b.ranges != 3 || b.skipped != 1 {
		t.Errorf("ranges %d skipped %d", b.ranges, b.skipped)
	}
	raw, err := b.bytes()
	if err != nil {
		t.Fatal(err)
	}
	got := lookupAll(t, raw, "106.185.101.209", "1.0.0.1", "2001:200:1::1", "10.1.1.1", "8.8.8.8")
	want := []string{"2516 KDDI CORPORATION", "13335 Cloudflare, Inc.", "2500 WIDE Project", "0 ", "0 "}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("lookup %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestVersionTime(t *testing.T) {
	for v, want := range map[string]string{"2.3.2026061719": "2026-06-17T19:00:00Z", "1.0.2025010100": "2025-01-01T00:00:00Z", "2.3": "", "latest": "", "2.3.20261301": ""} {
		got, err := versionTime(v)
		if (err != nil) != (want == "") || (err == nil && got.Format("2006-01-02T15:04:05Z07:00") != want) {
			t.Errorf("%s: %v %v, want %s", v, got, err, want)
		}
	}
}

// TestReadTarball reads a tarball laid out like npm's.
func TestReadTarball(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range map[string]string{"package/package.json": `{"name":"@ip-location-db/asn","version":"2.3.2026061719"}`, "package/asn-ipv4.csv": "x", "other/asn-ipv6.csv": "not this one"} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	zw.Close()
	path := filepath.Join(t.TempDir(), "p.tgz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := readTarball(path, "package.json", "asn-ipv4.csv")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := packageVersion(p, asnPackage); err != nil || v != "2.3.2026061719" {
		t.Errorf("version %q %v", v, err)
	}
	if _, err := packageVersion(p, countryPackage); err == nil {
		t.Error("wrong package accepted")
	}
	if _, err := readTarball(path, "asn-ipv6.csv"); err == nil {
		t.Error("file outside package/ accepted")
	}
}

func FuzzReadASNCSV(f *testing.F) {
	for _, s := range []string{
		"1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n",
		"2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n",
		"1.0.0.255,1.0.0.0,1,X\n", "a,b,c,d\n", "\"\n", "1.0.0.0,1.0.0.255,0,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = readASNCSV(bytes.NewReader(b), func(r ASNRange) error {
			if !r.Start.IsValid() || r.End.Less(r.Start) || r.Start.Is4() != r.End.Is4() || r.Number == 0 || len(r.Org) > maxOrgBytes {
				t.Fatalf("bad range accepted: %+v", r)
			}
			return nil
		})
	})
}
