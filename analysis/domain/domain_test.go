package domain

import "testing"

func TestOrg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mail.rakuten.co.jp", "rakuten.co.jp"},
		{"MAIL.Rakuten.CO.JP.", "rakuten.co.jp"},
		{" www.paypal.com ", "paypal.com"},
		{"co.jp", ""},
		{"localhost", ""},
		{"", ""},
		{"192.0.2.1", "192.0.2.1"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"a..b.com", ""},
		{"jp-bank.japanpost.jp", "japanpost.jp"},
		{"foo.s3.amazonaws.com", "foo.s3.amazonaws.com"},
		{"\xff.com", ""},
		{"www.ip-phone-smart.jp", "ip-phone-smart.jp"},
		{"evil.github.io", "evil.github.io"},
		{"eur03.safelinks.protection.outlook.com", "outlook.com"},
		{"xn--pypal-4ve.com", "xn--pypal-4ve.com"},
		{"paypal.com.evil.example", "evil.example"},
	}
	for _, tt := range tests {
		if got := Org(tt.in); got != tt.want {
			t.Errorf("Org(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRegistrable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"rakuten.co.jp", true},
		{"mail.example.com", true},
		{"x.icu", true},
		{"penguin-kernel.I-love.SAKURA.ne.jp", true},
		{"torb.mine.nu", true},
		{"iki.fi", true},
		{"com.br", false},
		{"app-1.firebaseapp.com", true},
		{"offers4u.sa.com", true},
		{"correios", false},
		{"pot", false},
		{"mailhub0", false},
		{"localhost", false},
		{"co.jp", false},
		{"shop.invalidtld", false},
		{"dreamdeals24,com", false},
		{"192.0.2.1", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Registrable(tt.in); got != tt.want {
			t.Errorf("Registrable(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAlignedLabelTLDUnder(t *testing.T) {
	tests := []struct {
		a, b    string
		aligned bool
	}{
		{"mail.rakuten.co.jp", "rakuten.co.jp", true},
		{"rakuten.co.jp", "rakuten.com", false},
		{"", "", false},
		{"localhost", "localhost", false},
		{"comm.rakuten.co.jp", "bma.mpse.jp", false},
		{"192.0.2.1", "192.0.2.1", true},
		{"", "example.com", false},
	}
	for _, tt := range tests {
		if got := Aligned(tt.a, tt.b); got != tt.aligned {
			t.Errorf("Aligned(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	if got := Label("www.paypal.com"); got != "paypal" {
		t.Errorf("Label = %q", got)
	}
	if got := Label("192.0.2.1"); got != "" {
		t.Errorf("Label(ip) = %q", got)
	}
	if got := TLD("a.b.icu."); got != "icu" {
		t.Errorf("TLD = %q", got)
	}
	if !Under("a.vpass.ne.jp", "vpass.ne.jp") || Under("xvpass.ne.jp", "vpass.ne.jp") || Under("x", "") {
		t.Error("Under wrong")
	}
}

func FuzzOrg(f *testing.F) {
	for _, s := range []string{"mail.rakuten.co.jp", "[::1]", "xn--bcher-kva.example", "..", "ｒａｋｕｔｅｎ.co.jp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := Org(s)
		if o != "" && Org(o) != o {
			t.Fatalf("Org not idempotent: %q → %q → %q", s, o, Org(o))
		}
		if Registrable(s) && (!Valid(s) || Registrable(Normalize(s)) != true) {
			t.Fatalf("Registrable(%q) for an invalid or unstable name", s)
		}
	})
}
