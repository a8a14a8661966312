// Package config loads checkmail's configuration from the environment.
// There are no globals: Load takes a getenv function so tests pass a map.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration. See DESIGN.md for the variables.
type Config struct {
	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	Listen             string
	SlackAPIURL        string

	GeoIPCity string
	GeoIPASN  string

	RDAPBootstrap string
	WHOISServers  map[string]string // TLD (or suffix like "co.jp") → host:port
	DNS           string            // host:port; empty: system resolver

	TrustedAuthserv []string
	DB              string
	Offline         bool
	Lang            string

	LookupTimeout time.Duration // overall deadline for all lookups of one mail
	MaxFileBytes  int64         // Slack download cap
	Workers       int           // concurrent analyses per replica
	MetricsListen string        // Socket Mode: address for /metrics ("" off)
	ShutdownGrace time.Duration // stop within this after SIGTERM
	JobTimeout    time.Duration // one job, Slack retries included
}

// Defaults.
const (
	DefaultListen        = ":3000"
	DefaultSlackAPIURL   = "https://slack.com/api/"
	DefaultRDAPBootstrap = "https://data.iana.org/rdap/"
	DefaultDB            = "checkmail.db"
	DefaultLookupTimeout = 5 * time.Second
	DefaultMaxFileBytes  = 25 << 20
	DefaultWorkers       = 16
	MaxWorkers           = 512
	DefaultShutdownGrace = 25 * time.Second
	DefaultJobTimeout    = 2 * time.Minute
)

// Load reads the configuration through getenv (os.Getenv in main) and
// validates it. Errors name the variable and never echo a secret.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		SlackBotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		SlackAppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SlackSigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		Listen:             orDefault(getenv("CHECKMAIL_LISTEN"), DefaultListen),
		SlackAPIURL:        orDefault(getenv("CHECKMAIL_SLACK_API_URL"), DefaultSlackAPIURL),
		GeoIPCity:          strings.TrimSpace(getenv("CHECKMAIL_GEOIP_CITY")),
		GeoIPASN:           strings.TrimSpace(getenv("CHECKMAIL_GEOIP_ASN")),
		RDAPBootstrap:      orDefault(getenv("CHECKMAIL_RDAP_BOOTSTRAP"), DefaultRDAPBootstrap),
		DNS:                strings.TrimSpace(getenv("CHECKMAIL_DNS")),
		DB:                 orDefault(getenv("CHECKMAIL_DB"), DefaultDB),
		Lang:               orDefault(strings.ToLower(getenv("CHECKMAIL_LANG")), "en"),
		LookupTimeout:      DefaultLookupTimeout,
		MaxFileBytes:       DefaultMaxFileBytes,
		Workers:            DefaultWorkers,
		MetricsListen:      strings.TrimSpace(getenv("CHECKMAIL_METRICS_LISTEN")),
		ShutdownGrace:      DefaultShutdownGrace,
		JobTimeout:         DefaultJobTimeout,
	}
	var errs []error
	if !strings.HasSuffix(c.SlackAPIURL, "/") {
		c.SlackAPIURL += "/"
	}
	if err := checkURL(c.SlackAPIURL); err != nil {
		errs = append(errs, fmt.Errorf("CHECKMAIL_SLACK_API_URL: %w", err))
	}
	if err := checkURL(c.RDAPBootstrap); err != nil {
		errs = append(errs, fmt.Errorf("CHECKMAIL_RDAP_BOOTSTRAP: %w", err))
	}
	if c.DNS != "" {
		if _, _, err := net.SplitHostPort(c.DNS); err != nil {
			errs = append(errs, fmt.Errorf("CHECKMAIL_DNS: want host:port, got %q", c.DNS))
		}
	}
	servers, err := ParseWHOISServers(getenv("CHECKMAIL_WHOIS_SERVERS"))
	if err != nil {
		errs = append(errs, fmt.Errorf("CHECKMAIL_WHOIS_SERVERS: %w", err))
	}
	c.WHOISServers = servers
	for _, id := range strings.FieldsFunc(getenv("CHECKMAIL_TRUSTED_AUTHSERV"), isListSep) {
		c.TrustedAuthserv = append(c.TrustedAuthserv, strings.ToLower(id))
	}
	switch v := strings.TrimSpace(getenv("CHECKMAIL_OFFLINE")); strings.ToLower(v) {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.Offline = true
	default:
		errs = append(errs, fmt.Errorf("CHECKMAIL_OFFLINE: want 1 or 0, got %q", v))
	}
	if c.Lang != "en" && c.Lang != "ja" {
		errs = append(errs, fmt.Errorf("CHECKMAIL_LANG: want en or ja, got %q", c.Lang))
	}
	if v := strings.TrimSpace(getenv("CHECKMAIL_LOOKUP_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("CHECKMAIL_LOOKUP_TIMEOUT: want a positive duration like 5s, got %q", v))
		} else {
			c.LookupTimeout = d
		}
	}
	if v := strings.TrimSpace(getenv("CHECKMAIL_WORKERS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxWorkers {
			errs = append(errs, fmt.Errorf("CHECKMAIL_WORKERS: want a number from 1 to %d, got %q", MaxWorkers, v))
		} else {
			c.Workers = n
		}
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"CHECKMAIL_SHUTDOWN_GRACE", &c.ShutdownGrace}, {"CHECKMAIL_JOB_TIMEOUT", &c.JobTimeout}} {
		if v := strings.TrimSpace(getenv(d.name)); v != "" {
			x, err := time.ParseDuration(v)
			if err != nil || x <= 0 {
				errs = append(errs, fmt.Errorf("%s: want a positive duration like 25s, got %q", d.name, v))
			} else {
				*d.dst = x
			}
		}
	}
	if c.MetricsListen != "" {
		if _, _, err := net.SplitHostPort(c.MetricsListen); err != nil {
			errs = append(errs, fmt.Errorf("CHECKMAIL_METRICS_LISTEN: want host:port, got %q", c.MetricsListen))
		}
	}
	if c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		errs = append(errs, errors.New("SLACK_BOT_TOKEN: want a bot token starting with xoxb-"))
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		errs = append(errs, errors.New("SLACK_APP_TOKEN: want an app-level token starting with xapp-"))
	}
	return c, errors.Join(errs...)
}

// SocketMode reports whether the bot should use Socket Mode.
func (c Config) SocketMode() bool { return c.SlackAppToken != "" }

// ValidateServe checks what `checkmail serve` needs beyond Load.
func (c Config) ValidateServe() error {
	var errs []error
	if c.SlackBotToken == "" {
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is required"))
	}
	if !c.SocketMode() && c.SlackSigningSecret == "" {
		errs = append(errs, errors.New("SLACK_SIGNING_SECRET is required in HTTP mode (set SLACK_APP_TOKEN for Socket Mode)"))
	}
	return errors.Join(errs...)
}

// ParseWHOISServers parses "jp=whois.jprs.jp:43,de=whois.denic.de:43".
func ParseWHOISServers(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range strings.FieldsFunc(s, isListSep) {
		tld, addr, ok := strings.Cut(item, "=")
		tld = strings.Trim(strings.ToLower(strings.TrimSpace(tld)), ".")
		addr = strings.TrimSpace(addr)
		if !ok || tld == "" || addr == "" {
			return nil, fmt.Errorf("want tld=host:port, got %q", item)
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			addr = net.JoinHostPort(addr, "43")
		}
		out[tld] = addr
	}
	return out, nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an http(s) URL, got %q", s)
	}
	return nil
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

func isListSep(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }
