package links

import "testing"

func TestHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.Example.COM/path", "www.example.com"},
		{"http://user:pass@evil.example:8080/x", "evil.example"},
		{"http://www.paypal.com@evil.example/", "evil.example"},
		{"https://evil.example./", "evil.example"},
		{"//cdn.example.net/x.js", "cdn.example.net"},
		{"www.example.org/a?b", "www.example.org"},
		{"example.org:8443/x", "example.org"},
		{"https:evil.example/login", "evil.example"},
		{`https:\\evil.example\login`, "evil.example"},
		{"ht\ntps://evil.exa\tmple/", "evil.example"},
		{"  https://evil.example/  ", "evil.example"},
		{"http://%65vil.example/", "evil.example"},
		// IDN: Unicode in, punycode out (Cyrillic а in pаypal).
		{"https://p\u0430ypal.com/", "xn--pypal-4ve.com"},
		{"https://xn--pypal-4ve.com/", "xn--pypal-4ve.com"},
		{"http://日本語.jp/", "xn--wgv71a119e.jp"},
		{"http://ｅｘａｍｐｌｅ．ｃｏｍ/", "example.com"},
		{"https://r3---sn-abc.googlevideo.com/", "r3---sn-abc.googlevideo.com"},
		// IP literals in every browser notation.
		{"http://192.0.2.1/", "192.0.2.1"},
		{"http://3232235777/", "192.168.1.1"},
		{"http://0xC0A80101/", "192.168.1.1"},
		{"http://0300.0250.0001.0001/", "192.168.1.1"},
		{"http://192.168.257/", "192.168.1.1"},
		{"http://0x7f.1/", "127.0.0.1"},
		{"http://[2001:DB8::1]:8443/", "2001:db8::1"},
		{"http://999.1.1.1/", ""},
		{"http://1.2.3.4.5/", ""},
		{"http://[::1/", ""},
		{"mailto:someone@example.com", ""},
		{"javascript:alert(1)", ""},
		{"data:text/html;base64,PGgxPg==", ""},
		{"", ""},
		{"https://", ""},
		{"http://exa mple.com/", ""},
	}
	for _, tt := range tests {
		if got := Host(tt.in); got != tt.want {
			t.Errorf("Host(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsShortener(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"bit.ly", true}, {"BIT.LY", true}, {"www.bit.ly", true}, {"t.co", true},
		{"tinyurl.com", true}, {"qrco.de", true}, {"amzn.to", true}, {"s.id", true},
		{"example.com", false}, {"ly", false}, {"notbit.ly", false}, {"t.co.evil.example", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsShortener(tt.host); got != tt.want {
			t.Errorf("IsShortener(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2Flogin&data=05%7C01&reserved=0",
			"https://evil.example/login", true},
		{"https://www.google.com/url?q=https://evil.example/x&sa=D", "https://evil.example/x", true},
		{"https://www.google.co.jp/url?sa=t&url=http%3A%2F%2Fevil.example%2F", "http://evil.example/", true},
		{"https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2F&h=AT0", "https://evil.example/", true},
		{"https://urldefense.com/v3/__https://evil.example/path__;!!ABC$", "https://evil.example/path", true},
		{"https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_path&d=DwMF", "https://evil.example/path", true},
		// nested: SafeLinks around Google
		{"https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%3A%2F%2Fevil.example%2F",
			"https://evil.example/", true},
		// not redirectors, or no usable target
		{"https://www.google.com/search?q=https://evil.example/", "https://www.google.com/search?q=https://evil.example/", false},
		{"https://google.evil.example/url?q=https://x.example/", "https://google.evil.example/url?q=https://x.example/", false},
		{"https://nam12.safelinks.protection.outlook.com/?url=javascript:alert(1)", "https://nam12.safelinks.protection.outlook.com/?url=javascript:alert(1)", false},
		{"https://example.com/", "https://example.com/", false},
	}
	for _, tt := range tests {
		got, ok := Unwrap(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Unwrap(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
