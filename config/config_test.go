package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"defaults", nil, "", func(t *testing.T, c Config) {
			if c.Listen != ":3000" || c.DB != "checkmail.db" || c.Lang != "en" || c.Offline || c.LookupTimeout != 5*time.Second {
				t.Errorf("defaults = %+v", c)
			}
			if c.SocketMode() {
				t.Error("socket mode without an app token")
			}
		}},
		{"queue settings", map[string]string{
			"CHECKMAIL_WORKERS": "32", "CHECKMAIL_SHUTDOWN_GRACE": "10s", "CHECKMAIL_JOB_TIMEOUT": "1m",
			"CHECKMAIL_METRICS_LISTEN": "127.0.0.1:9090", "CHECKMAIL_DB": "postgres://u@db/checkmail",
		}, "", func(t *testing.T, c Config) {
			if c.Workers != 32 || c.ShutdownGrace != 10*time.Second || c.JobTimeout != time.Minute || c.MetricsListen != "127.0.0.1:9090" || c.DB != "postgres://u@db/checkmail" {
				t.Errorf("config = %+v", c)
			}
		}},
		{"queue defaults", nil, "", func(t *testing.T, c Config) {
			if c.Workers != DefaultWorkers || c.ShutdownGrace != 25*time.Second || c.JobTimeout != 2*time.Minute || c.MetricsListen != "" {
				t.Errorf("config = %+v", c)
			}
		}},
		{"bad workers", map[string]string{"CHECKMAIL_WORKERS": "0"}, "CHECKMAIL_WORKERS", nil},
		{"too many workers", map[string]string{"CHECKMAIL_WORKERS": "100000"}, "CHECKMAIL_WORKERS", nil},
		{"bad grace", map[string]string{"CHECKMAIL_SHUTDOWN_GRACE": "soon"}, "CHECKMAIL_SHUTDOWN_GRACE", nil},
		{"bad job timeout", map[string]string{"CHECKMAIL_JOB_TIMEOUT": "-1s"}, "CHECKMAIL_JOB_TIMEOUT", nil},
		{"bad metrics listen", map[string]string{"CHECKMAIL_METRICS_LISTEN": "9090"}, "CHECKMAIL_METRICS_LISTEN", nil},
		{"everything", map[string]string{
			"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "CHECKMAIL_OFFLINE": "1",
			"CHECKMAIL_LANG": "JA", "CHECKMAIL_WHOIS_SERVERS": "jp=whois.jprs.jp:43, de=whois.denic.de",
			"CHECKMAIL_TRUSTED_AUTHSERV": "mx.example.com,Mail.Example.org", "CHECKMAIL_DNS": "127.0.0.1:53",
			"CHECKMAIL_LOOKUP_TIMEOUT": "2s", "CHECKMAIL_SLACK_API_URL": "http://127.0.0.1:9/api",
		}, "", func(t *testing.T, c Config) {
			if !c.SocketMode() || !c.Offline || c.Lang != "ja" || c.LookupTimeout != 2*time.Second {
				t.Errorf("config = %+v", c)
			}
			if c.WHOISServers["jp"] != "whois.jprs.jp:43" || c.WHOISServers["de"] != "whois.denic.de:43" {
				t.Errorf("whois = %v", c.WHOISServers)
			}
			if strings.Join(c.TrustedAuthserv, ",") != "mx.example.com,mail.example.org" {
				t.Errorf("trusted = %v", c.TrustedAuthserv)
			}
			if c.SlackAPIURL != "http://127.0.0.1:9/api/" {
				t.Errorf("api url = %q", c.SlackAPIURL)
			}
		}},
		{"bad values", map[string]string{
			"CHECKMAIL_OFFLINE": "maybe", "CHECKMAIL_LANG": "fr", "CHECKMAIL_DNS": "nohostport",
			"CHECKMAIL_WHOIS_SERVERS": "jp", "CHECKMAIL_LOOKUP_TIMEOUT": "-1s", "CHECKMAIL_RDAP_BOOTSTRAP": "ftp://x",
		}, "CHECKMAIL_OFFLINE", nil},
		{"token of the wrong kind is named, not echoed", map[string]string{"SLACK_BOT_TOKEN": "xapp-secret-value"}, "SLACK_BOT_TOKEN", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret-value") {
					t.Errorf("error echoes a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestBadValuesAllReported(t *testing.T) {
	_, err := Load(func(k string) string {
		return map[string]string{"CHECKMAIL_OFFLINE": "maybe", "CHECKMAIL_LANG": "fr", "CHECKMAIL_DNS": "x"}[k]
	})
	for _, v := range []string{"CHECKMAIL_OFFLINE", "CHECKMAIL_LANG", "CHECKMAIL_DNS"} {
		if err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("error %v does not name %s", err, v)
		}
	}
}

func TestValidateServe(t *testing.T) {
	c, _ := Load(func(k string) string { return map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}[k] })
	if err := c.ValidateServe(); err == nil || !strings.Contains(err.Error(), "SLACK_SIGNING_SECRET") {
		t.Errorf("HTTP mode without a signing secret: %v", err)
	}
	c.SlackAppToken = "xapp-1"
	if err := c.ValidateServe(); err != nil {
		t.Errorf("socket mode: %v", err)
	}
}
