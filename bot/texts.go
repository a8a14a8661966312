package bot

import (
	"fmt"

	"github.com/checkmail/checkmail/bot/render"
)

// texts are the bot's conversational strings: package render's UI strings
// plus the few only the adapter needs. Every %s filled from a mail is
// escaped by the caller.
type texts struct {
	render.Strings
	Busy       string
	Help       string
	VoteFailed string
	ReportGone string
	JobFailed  string
}

func textsFor(lang string) texts {
	t := texts{Strings: render.Messages(lang)}
	if t.Lang == "ja" {
		t.Busy = "現在ほかのメールを解析中です。1分ほどしてからもう一度お試しください。"
		t.Help = "`/checkmail` の後にメールヘッダーを貼り付けるか、`/checkmail` だけでフォームを開くか、私が参加しているチャンネルに .eml をアップロードするか、それを含むスレッドで私をメンションしてください。"
		t.VoteFailed = "投票を記録できませんでした。もう一度お試しください。"
		t.ReportGone = "このケースの詳細レポートが見つかりません。もう一度チェックしてください。"
		t.JobFailed = "Slack に結果を投稿できなかったため、このチェックを完了できませんでした。もう一度お試しください。"
		return t
	}
	t.Busy = "I'm busy with other mail right now. Please try again in a minute."
	t.Help = "Paste mail headers after `/checkmail`, run `/checkmail` alone for a form, upload an .eml file in a channel I'm in, or mention me in a thread that holds one."
	t.VoteFailed = "Sorry, I couldn't record that vote. Please try again."
	t.ReportGone = "The full report of this case could not be found. Run the check again to get it."
	t.JobFailed = "Sorry, I couldn't finish this check: Slack kept refusing the result. Please try again."
	return t
}

// humanBytes formats a byte count as MiB/KiB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
