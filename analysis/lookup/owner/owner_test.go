package owner

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1997-09-15T04:00:00Z", time.Date(1997, 9, 15, 4, 0, 0, 0, time.UTC), true},
		{"1997-09-15T07:00:00.000+0000", time.Date(1997, 9, 15, 7, 0, 0, 0, time.UTC), true},
		{"2021-12-14T09:12:43+09:00", time.Date(2021, 12, 14, 0, 12, 43, 0, time.UTC), true},
		{"1997/04/07", time.Date(1997, 4, 7, 0, 0, 0, 0, time.UTC), true},
		{"2021/06/01 01:05:08 (JST)", time.Date(2021, 6, 1, 1, 5, 8, 0, time.UTC), true},
		{"26-Nov-1996", time.Date(1996, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"2003-03-17 12:20:05", time.Date(2003, 3, 17, 12, 20, 5, 0, time.UTC), true},
		{"2000. 01. 15.", time.Date(2000, 1, 15, 0, 0, 0, 0, time.UTC), true},
		{"0001-01-01", time.Time{}, false}, // implausible
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
		{strings.Repeat("2", 100), time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q) = %v %v, want %v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRedactedAndClean(t *testing.T) {
	for in, want := range map[string]bool{
		"REDACTED FOR PRIVACY": true, "(Not Disclosed)": true, "Privacy service provided by Withheld for Privacy ehf": true,
		"Data Protected": true, "": true, "Rakuten Group, Inc.": false, "Google LLC": false,
	} {
		if got := Redacted(in); got != want {
			t.Errorf("Redacted(%q) = %v", in, got)
		}
	}
	if got := Clean("  Rakuten\r\n\tGroup,\x00 Inc.  "); got != "Rakuten Group, Inc." {
		t.Errorf("Clean = %q", got)
	}
	long := Clean(strings.Repeat("日本", 200) + "\xff")
	if len(long) > MaxField || !utf8.ValidString(long) {
		t.Errorf("Clean did not bound: %d bytes", len(long))
	}
}
