package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/slack-go/slack"
)

// ErrTooLarge means a file is over the download cap (by its declared size or
// by the bytes actually served).
var ErrTooLarge = errors.New("file too large")

// errHostNotAllowed means a download URL is not on a host that may receive
// the bot token.
var errHostNotAllowed = errors.New("download URL is not on a Slack host")

// capWriter is a bytes.Buffer that refuses to grow past max.
type capWriter struct {
	buf bytes.Buffer
	max int64
}

func (w *capWriter) Write(p []byte) (int, error) {
	if int64(w.buf.Len())+int64(len(p)) > w.max {
		return 0, ErrTooLarge
	}
	return w.buf.Write(p)
}

// tokenHostAllowed reports whether the bot token may be sent to rawURL:
// https on slack.com or a subdomain (files.slack.com, …), or the scheme and
// host of the configured API URL (a proxy or a test server).
func (b *Bot) tokenHostAllowed(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" && (host == "slack.com" || strings.HasSuffix(host, ".slack.com")) {
		return true
	}
	return u.Scheme == b.apiHost.Scheme && strings.EqualFold(u.Host, b.apiHost.Host)
}

// fileInfo completes a file object from an event: events may carry only the
// id (file_access: check_file_info) or no size.
func (b *Bot) fileInfo(ctx context.Context, f slack.File) (slack.File, error) {
	if f.URLPrivateDownload != "" || f.URLPrivate != "" {
		if f.Size > 0 {
			return f, nil
		}
	}
	if f.ID == "" {
		return f, errors.New("file without id")
	}
	var full *slack.File
	err := b.call(ctx, "files.info", func(ctx context.Context) error {
		var err error
		full, _, _, err = b.api.GetFileInfoContext(ctx, f.ID, 0, 0)
		return err
	})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		return f, fmt.Errorf("files.info: %w", err)
	}
	return *full, nil
}

// download fetches a Slack file, checking the declared size before and the
// bytes while reading.
func (b *Bot) download(ctx context.Context, f slack.File) ([]byte, error) {
	if int64(f.Size) > b.opts.MaxFileBytes {
		return nil, ErrTooLarge
	}
	u := f.URLPrivateDownload
	if u == "" {
		u = f.URLPrivate
	}
	if !b.tokenHostAllowed(u) {
		return nil, errHostNotAllowed
	}
	var w *capWriter
	err := b.call(ctx, "files.download", func(ctx context.Context) error {
		w = &capWriter{max: b.opts.MaxFileBytes} // a retry starts over
		return b.api.GetFileContext(ctx, u, w)
	})
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, ErrTooLarge
		}
		b.Metrics.SlackErrors.Add(1)
		return nil, fmt.Errorf("download: %w", err)
	}
	return w.buf.Bytes(), nil
}

// fileKind classifies an uploaded file.
type fileKind int

const (
	fileIgnore    fileKind = iota // not a mail
	fileMail                      // .eml, message/rfc822 or an Outlook .msg
	fileText                      // a text snippet that may hold headers
	fileForwarded                 // mail forwarded to the channel's email address
)

func classifyFile(f slack.File) fileKind {
	name := strings.ToLower(f.Name)
	mime := strings.ToLower(f.Mimetype)
	switch {
	case f.Mode == "email" || f.Filetype == "email":
		return fileForwarded
	case path.Ext(name) == ".eml" || mime == "message/rfc822" || f.Filetype == "eml",
		path.Ext(name) == ".msg" || mime == "application/vnd.ms-outlook" || f.Filetype == "msg":
		return fileMail
	case f.Mode == "snippet" || mime == "text/plain" || f.Filetype == "text" || path.Ext(name) == ".txt":
		return fileText
	}
	return fileIgnore
}
