package links

import (
	"strings"
	"testing"
)

func TestDefang(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"http://example.com/a.b", "hxxp://example[.]com/a.b"},
		{"https://www.example.co.jp/path?q=1#x", "hxxps://www[.]example[.]co[.]jp/path?q=1#x"},
		{"HTTPS://Example.COM/", "hxxps://Example[.]COM/"},
		{"ftp://files.example.org/x", "fxp://files[.]example[.]org/x"},
		{"http://192.0.2.1:8080/login", "hxxp://192[.]0[.]2[.]1:8080/login"},
		{"http://[2001:db8::1]/", "hxxp://[2001:db8::1]/"},
		{"http://[::ffff:192.0.2.1]:443/x", "hxxp://[::ffff:192[.]0[.]2[.]1]:443/x"},
		{"http://www.paypal.com@evil.example/", "hxxp://www[.]paypal[.]com@evil[.]example/"},
		{"https://user:pw@evil.example", "hxxps://user:pw@evil[.]example"},
		{"hxxps://evil[.]example/x", "hxxps://evil[.]example/x"},
		{"hxxps://evil[.]example.com/", "hxxps://evil[.]example[.]com/"},
		{"mailto:boss@evil.example?subject=a.b", "mailto:boss@evil[.]example?subject=a.b"},
		{"www.example.com/a", "www[.]example[.]com/a"},
		{"example.com", "example[.]com"},
		{"https://r.example/?u=https://evil.example/x.html", "hxxps://r[.]example/?u=hxxps://evil[.]example/x.html"},
		{"https://r.example/go/www.evil.example/", "hxxps://r[.]example/go/www[.]evil[.]example/"},
		{"https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2F",
			"hxxps://eur03[.]safelinks[.]protection[.]outlook[.]com/?url=https%3A%2F%2Fevil.example%2F"},
		{"javascript:location='http://evil.example'", "javascript:location='hxxp://evil[.]example'"},
		{"javascript:window.location='evil.example'", "javascript:window[.]location='evil[.]example'"},
		{"file://server.example/share", "file://server[.]example/share"},
		{"", ""},
	}
	for _, tt := range tests {
		got := Defang(tt.in)
		if got != tt.want {
			t.Errorf("Defang(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Defang(got); again != got {
			t.Errorf("Defang not idempotent on %q: %q", got, again)
		}
	}
}

func TestDefangDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"example.com", "example[.]com"},
		{"192.0.2.1", "192[.]0[.]2[.]1"},
		{"evil[.]example.com", "evil[.]example[.]com"},
		{"evil[.]example[.]com", "evil[.]example[.]com"},
		{"localhost", "localhost"},
		{"2001:db8::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		if got := DefangDomain(tt.in); got != tt.want {
			t.Errorf("DefangDomain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A defanged URL must not contain anything a chat client or terminal would
// turn into a live link.
func TestDefangLeavesNoLiveURL(t *testing.T) {
	inputs := []string{
		"https://a.example/?next=http://b.example/?n=https://c.example/",
		"http://x.example/#www.y.example",
		"HtTp://MiXeD.example/",
	}
	for _, in := range inputs {
		out := strings.ToLower(Defang(in))
		for _, live := range []string{"http://", "https://", ".example"} {
			if strings.Contains(out, live) {
				t.Errorf("Defang(%q) = %q still contains %q", in, out, live)
			}
		}
	}
}

func TestDefangNestedSchemeSuffix(t *testing.T) {
	got := Defang("https://a.example/?u=xhttps://b.example/&v=FTP://c.example/")
	want := "hxxps://a[.]example/?u=xhxxps://b[.]example/&v=fxp://c[.]example/"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
