// Package slackfake is a local, offline fake of the parts of Slack that
// checkmail talks to: the Web API methods the bot calls (on top of slack-go's
// slacktest server), private file downloads, the files upload v2 flow,
// response_url webhooks and a Socket Mode websocket endpoint that delivers
// envelopes and records the acks.
//
// It is meant for tests: every call is recorded so a test can assert what
// reached "Slack" (and that nothing unsafe did).
package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// Fixed identities of the fake workspace.
const (
	BotUserID = "UBOT0001"
	BotID     = "BBOT0001"
	TeamID    = "T0000001"
)

// Call is one recorded Web API request.
type Call struct {
	Method string     // e.g. "chat.postMessage"
	Form   url.Values // form fields (url-encoded or multipart)
	Body   []byte     // raw body (JSON methods such as views.open)
	Auth   string     // Authorization header
	At     time.Time
	// Fault is the injected fault that answered this call ("" when the
	// call was handled normally): "429", "500" or "hang".
	Fault string
}

// Fault makes calls of one method fail. The first matching fault with
// calls left answers the call.
type Fault struct {
	Method string // e.g. "chat.update"
	// Status is 429 (with Retry-After) or a 5xx status; 0 with Hang.
	Status     int
	RetryAfter int // seconds, for 429
	// Hang holds the call open until the client gives up, ReleaseHangs is
	// called or the server closes.
	Hang bool
	// Times is how many calls it answers (0: until Until, or forever).
	Times int
	// Until ends the fault at this time (zero: no end).
	Until time.Time
}

// Ack is one Socket Mode ack read from the bot.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage
	At         time.Time
}

// File is a file the fake serves through files.info and a private download.
type File struct {
	slack.File
	Content []byte
	// ServeExtra makes the download return this many bytes more than
	// Content (a server that lies about the size).
	ServeExtra int
}

// Server is the fake. Create it with New, stop it with Close.
type Server struct {
	ts    *slacktest.Server
	Token string // bot token the fake expects on downloads

	mu           sync.Mutex
	calls        []Call
	files        map[string]*File
	threads      map[string][]slack.Message // channel/thread_ts → replies
	locales      map[string]string          // user → locale
	notInChannel map[string]bool
	uploads      map[string][]byte // upload file id → bytes
	nextTS       int64
	nextID       int
	callWaiters  []chan struct{}
	faults       []*Fault
	release      chan struct{} // closed by ReleaseHangs
	latency      time.Duration

	wsMu      sync.Mutex
	conn      *websocket.Conn
	connReady chan struct{}
	acks      map[string]chan Ack
	envSeq    int
}

// New starts a fake Slack. token is the bot token downloads must carry.
func New(token string) *Server {
	f := &Server{
		Token:        token,
		files:        map[string]*File{},
		threads:      map[string][]slack.Message{},
		locales:      map[string]string{},
		notInChannel: map[string]bool{},
		uploads:      map[string][]byte{},
		nextTS:       1700000000,
		connReady:    make(chan struct{}),
		release:      make(chan struct{}),
		acks:         map[string]chan Ack{},
	}
	bind := func(c slacktest.Customize) {
		c.Handle("/auth.test", f.record("auth.test", f.authTest))
		c.Handle("/chat.postMessage", f.record("chat.postMessage", f.postMessage))
		c.Handle("/chat.postEphemeral", f.record("chat.postEphemeral", f.postEphemeral))
		c.Handle("/chat.update", f.record("chat.update", f.update))
		c.Handle("/chat.getPermalink", f.record("chat.getPermalink", f.permalink))
		c.Handle("/reactions.add", f.record("reactions.add", okJSON))
		c.Handle("/files.info", f.record("files.info", f.filesInfo))
		c.Handle("/files.getUploadURLExternal", f.record("files.getUploadURLExternal", f.getUploadURL))
		c.Handle("/files.completeUploadExternal", f.record("files.completeUploadExternal", f.completeUpload))
		c.Handle("/upload/", f.record("upload", f.upload))
		c.Handle("/download/", f.record("download", f.download))
		c.Handle("/response/", f.record("response_url", okJSON))
		c.Handle("/views.open", f.record("views.open", f.viewsOpen))
		c.Handle("/conversations.replies", f.record("conversations.replies", f.replies))
		c.Handle("/users.info", f.record("users.info", f.usersInfo))
		c.Handle("/apps.connections.open", f.record("apps.connections.open", f.connectionsOpen))
		c.Handle("/socket", slacktest.Websocket(f.socket))
	}
	f.ts = slacktest.NewTestServer(bind)
	f.ts.Start()
	return f
}

// APIURL is the base URL to pass to slack.OptionAPIURL.
func (f *Server) APIURL() string { return f.ts.GetAPIURL() }

// ResponseURL returns a response_url for slash commands and interactions.
func (f *Server) ResponseURL(id string) string { return f.APIURL() + "response/" + id }

// Inject adds a fault.
func (f *Server) Inject(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, &fault)
}

// ClearFaults removes every fault and releases hung calls.
func (f *Server) ClearFaults() {
	f.mu.Lock()
	f.faults = nil
	f.mu.Unlock()
	f.ReleaseHangs()
}

// ReleaseHangs lets hung calls fail (500) at once; later hangs hang again.
func (f *Server) ReleaseHangs() {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.release)
	f.release = make(chan struct{})
}

// SetLatency delays every Web API answer by d (a slower, realistic Slack).
func (f *Server) SetLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

// fault picks the fault answering a call of method, if any.
func (f *Server) fault(method string) *Fault {
	now := time.Now()
	for _, ft := range f.faults {
		if ft.Method != method || (!ft.Until.IsZero() && now.After(ft.Until)) || ft.Times < 0 {
			continue
		}
		if ft.Times > 0 {
			ft.Times--
			if ft.Times == 0 {
				ft.Times = -1 // used up
			}
		}
		return ft
	}
	return nil
}

// Close stops the server.
func (f *Server) Close() {
	f.ReleaseHangs()
	f.wsMu.Lock()
	if f.conn != nil {
		_ = f.conn.Close()
	}
	f.wsMu.Unlock()
	f.ts.Stop()
}

// AddFile registers a file; its URLPrivate(Download) point at the fake.
func (f *Server) AddFile(file File) slack.File {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.APIURL() + "download/" + file.ID + "/" + url.PathEscape(file.Name)
	file.URLPrivate, file.URLPrivateDownload = u, u
	if file.Size == 0 {
		file.Size = len(file.Content)
	}
	f.files[file.ID] = &file
	return file.File
}

// SetThread sets the replies conversations.replies returns for a thread.
func (f *Server) SetThread(channel, threadTS string, msgs []slack.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.threads[channel+"/"+threadTS] = msgs
}

// SetLocale sets a user's locale for users.info.
func (f *Server) SetLocale(user, locale string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locales[user] = locale
}

// SetNotInChannel makes chat.postMessage to channel fail with not_in_channel.
func (f *Server) SetNotInChannel(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notInChannel[channel] = true
}

// Calls returns the recorded calls, optionally only those of the given methods.
func (f *Server) Calls(methods ...string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Answered returns the calls of the given methods that were handled
// normally (no injected fault).
func (f *Server) Answered(methods ...string) []Call {
	var out []Call
	for _, c := range f.Calls(methods...) {
		if c.Fault == "" {
			out = append(out, c)
		}
	}
	return out
}

// Uploaded returns the bytes uploaded for a file id.
func (f *Server) Uploaded(fileID string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.uploads[fileID]
}

// WaitFor waits until pred holds for the recorded calls or the timeout ends.
func (f *Server) WaitFor(timeout time.Duration, pred func([]Call) bool) ([]Call, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		calls := append([]Call(nil), f.calls...)
		ch := make(chan struct{})
		f.callWaiters = append(f.callWaiters, ch)
		f.mu.Unlock()
		if pred(calls) {
			return calls, nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			return calls, errors.New("slackfake: timed out waiting for calls")
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// record wraps a handler: it parses and stores the request before handling.
func (f *Server) record(method string, h func(http.ResponseWriter, *http.Request, Call)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		_ = r.Body.Close()
		c := Call{Method: method, Body: body, Auth: r.Header.Get("Authorization"), At: time.Now(), Form: url.Values{}}
		ct := r.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
			c.Form, _ = url.ParseQuery(string(body))
		case strings.HasPrefix(ct, "multipart/form-data"):
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			if err := r.ParseMultipartForm(64 << 20); err == nil {
				c.Form = r.MultipartForm.Value
				for _, fhs := range r.MultipartForm.File {
					for _, fh := range fhs {
						if rc, err := fh.Open(); err == nil {
							b, _ := io.ReadAll(rc)
							_ = rc.Close()
							c.Form.Add("file_content", string(b))
						}
					}
				}
			}
		}
		for k, v := range r.URL.Query() {
			c.Form[k] = append(c.Form[k], v...)
		}
		f.mu.Lock()
		ft := f.fault(method)
		release, latency := f.release, f.latency
		if ft != nil {
			c.Fault = strconv.Itoa(ft.Status)
			if ft.Hang {
				c.Fault = "hang"
			}
		}
		f.calls = append(f.calls, c)
		f.mu.Unlock()
		if latency > 0 {
			time.Sleep(latency)
		}
		switch {
		case ft == nil:
			h(w, r, c)
		case ft.Hang:
			select {
			case <-r.Context().Done():
			case <-release:
			}
			http.Error(w, "released", http.StatusInternalServerError)
		case ft.Status == http.StatusTooManyRequests:
			w.Header().Set("Retry-After", strconv.Itoa(ft.RetryAfter))
			http.Error(w, "rate limited", http.StatusTooManyRequests)
		default:
			http.Error(w, "injected failure", ft.Status)
		}
		f.mu.Lock()
		for _, ch := range f.callWaiters {
			close(ch)
		}
		f.callWaiters = nil
		f.mu.Unlock()
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func okJSON(w http.ResponseWriter, _ *http.Request, _ Call) { writeJSON(w, map[string]any{"ok": true}) }

func (f *Server) authTest(w http.ResponseWriter, _ *http.Request, _ Call) {
	writeJSON(w, map[string]any{"ok": true, "user_id": BotUserID, "bot_id": BotID, "user": "checkmail", "team_id": TeamID, "team": "fake", "url": "https://fake.slack.com/"})
}

func (f *Server) newTS() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextTS++
	return strconv.FormatInt(f.nextTS, 10) + ".000100"
}

func (f *Server) postMessage(w http.ResponseWriter, _ *http.Request, c Call) {
	ch := c.Form.Get("channel")
	f.mu.Lock()
	nic := f.notInChannel[ch]
	f.mu.Unlock()
	if nic {
		writeJSON(w, map[string]any{"ok": false, "error": "not_in_channel"})
		return
	}
	ts := f.newTS()
	// A reply is in its thread, as Slack keeps it, by the bot.
	if thread := c.Form.Get("thread_ts"); thread != "" {
		f.mu.Lock()
		key := ch + "/" + thread
		f.threads[key] = append(f.threads[key], slack.Message{Msg: slack.Msg{User: BotUserID, BotID: BotID, Text: c.Form.Get("text"), Timestamp: ts, ThreadTimestamp: thread}})
		f.mu.Unlock()
	}
	writeJSON(w, map[string]any{"ok": true, "channel": ch, "ts": ts})
}

func (f *Server) postEphemeral(w http.ResponseWriter, _ *http.Request, _ Call) {
	writeJSON(w, map[string]any{"ok": true, "message_ts": f.newTS()})
}

func (f *Server) update(w http.ResponseWriter, _ *http.Request, c Call) {
	writeJSON(w, map[string]any{"ok": true, "channel": c.Form.Get("channel"), "ts": c.Form.Get("ts"), "text": c.Form.Get("text")})
}

func (f *Server) permalink(w http.ResponseWriter, _ *http.Request, c Call) {
	ts := strings.ReplaceAll(c.Form.Get("message_ts"), ".", "")
	writeJSON(w, map[string]any{"ok": true, "channel": c.Form.Get("channel"), "permalink": "https://fake.slack.com/archives/" + c.Form.Get("channel") + "/p" + ts})
}

func (f *Server) filesInfo(w http.ResponseWriter, _ *http.Request, c Call) {
	f.mu.Lock()
	file, ok := f.files[c.Form.Get("file")]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "file": file.File})
}

func (f *Server) download(w http.ResponseWriter, r *http.Request, c Call) {
	if c.Auth != "Bearer "+f.Token {
		http.Error(w, "not authed", http.StatusForbidden)
		return
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/download/"), "/")
	f.mu.Lock()
	file, ok := f.files[id]
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(file.Content)
	if file.ServeExtra > 0 {
		_, _ = w.Write([]byte(strings.Repeat("X", file.ServeExtra)))
	}
}

func (f *Server) getUploadURL(w http.ResponseWriter, _ *http.Request, _ Call) {
	f.mu.Lock()
	f.nextID++
	id := fmt.Sprintf("FUP%04d", f.nextID)
	f.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "upload_url": f.APIURL() + "upload/" + id, "file_id": id})
}

func (f *Server) upload(w http.ResponseWriter, r *http.Request, c Call) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	f.mu.Lock()
	f.uploads[id] = []byte(c.Form.Get("file_content"))
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (f *Server) completeUpload(w http.ResponseWriter, _ *http.Request, c Call) {
	var files []slack.FileSummary
	_ = json.Unmarshal([]byte(c.Form.Get("files")), &files)
	writeJSON(w, map[string]any{"ok": true, "files": files})
}

func (f *Server) viewsOpen(w http.ResponseWriter, _ *http.Request, _ Call) {
	writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V0001"}})
}

func (f *Server) replies(w http.ResponseWriter, _ *http.Request, c Call) {
	f.mu.Lock()
	msgs := f.threads[c.Form.Get("channel")+"/"+c.Form.Get("ts")]
	f.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "messages": msgs, "has_more": false})
}

func (f *Server) usersInfo(w http.ResponseWriter, _ *http.Request, c Call) {
	u := c.Form.Get("user")
	f.mu.Lock()
	loc := f.locales[u]
	f.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": u, "name": strings.ToLower(u), "locale": loc}})
}

func (f *Server) connectionsOpen(w http.ResponseWriter, _ *http.Request, _ Call) {
	writeJSON(w, map[string]any{"ok": true, "url": "ws://" + strings.TrimPrefix(strings.TrimSuffix(f.APIURL(), "/"), "http://") + "/socket"})
}

// socket serves one Socket Mode connection: hello, then envelopes sent with
// Send; acks are read and delivered to WaitAck. It pings every 200ms.
func (f *Server) socket(c *websocket.Conn) {
	f.wsMu.Lock()
	f.conn = c
	ready := f.connReady
	f.wsMu.Unlock()
	if err := f.writeJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A0001"}}); err != nil {
		return
	}
	close(ready)
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				f.wsMu.Lock()
				err := c.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second))
				f.wsMu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			f.wsMu.Lock()
			f.conn = nil
			f.connReady = make(chan struct{})
			f.wsMu.Unlock()
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &a) != nil || a.EnvelopeID == "" {
			continue
		}
		f.wsMu.Lock()
		ch := f.acks[a.EnvelopeID]
		f.wsMu.Unlock()
		if ch != nil {
			select {
			case ch <- Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, At: time.Now()}:
			default:
			}
		}
	}
}

func (f *Server) writeJSON(v any) error {
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	if f.conn == nil {
		return errors.New("slackfake: no socket mode connection")
	}
	_ = f.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return f.conn.WriteJSON(v)
}

// WaitConnected waits until a Socket Mode client is connected.
func (f *Server) WaitConnected(timeout time.Duration) error {
	f.wsMu.Lock()
	ready := f.connReady
	f.wsMu.Unlock()
	select {
	case <-ready:
		return nil
	case <-time.After(timeout):
		return errors.New("slackfake: no socket mode connection")
	}
}

// Envelope kinds.
const (
	EventsAPI     = "events_api"
	SlashCommands = "slash_commands"
	Interactive   = "interactive"
)

// Send delivers one envelope over Socket Mode and returns its envelope ID
// and a channel that receives the ack. payload is the Events API callback,
// the slash command or the interaction payload.
func (f *Server) Send(kind string, payload any, retryAttempt int) (string, <-chan Ack, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", nil, err
	}
	f.wsMu.Lock()
	f.envSeq++
	id := fmt.Sprintf("env-%d", f.envSeq)
	ch := make(chan Ack, 1)
	f.acks[id] = ch
	f.wsMu.Unlock()
	env := map[string]any{"type": kind, "envelope_id": id, "payload": json.RawMessage(raw), "accepts_response_payload": kind != EventsAPI, "retry_attempt": retryAttempt}
	return id, ch, f.writeJSON(env)
}

// EventCallback wraps an inner event (app_mention, message…) as the Events
// API delivers it.
func EventCallback(eventID string, inner any) map[string]any {
	return map[string]any{
		"token": "verification-token-unused", "team_id": TeamID, "api_app_id": "A0001",
		"type": "event_callback", "event_id": eventID, "event_time": time.Now().Unix(),
		"event": inner,
	}
}
