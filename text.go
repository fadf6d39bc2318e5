package hearth

import (
	"strings"
	"unicode/utf8"
)

// CheckText rejects text that is not valid UTF-8, with a message a member
// can act on.
func CheckText(ss ...string) error {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return Errorf(EInvalid, "Some of your text has characters we could not read (it may have been pasted from another program). We replaced them with � so you can see where; please check and send again.")
		}
	}
	return nil
}

// Limits on what members write.
const (
	MaxTitleRunes = 200
	MaxBodyRunes  = 40000
)

// CleanTitle trims a title and checks its length.
func CleanTitle(t string) (string, error) {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" {
		return t, FieldErrorf("title", "Please give your thread a title, a few words that say what it is about.")
	}
	if n := utf8.RuneCountInString(t); n > MaxTitleRunes {
		return t, FieldErrorf("title", "Your title is %d characters long; please keep it under %d.", n, MaxTitleRunes)
	}
	return t, nil
}

// CleanBody trims a post body and checks its length.
func CleanBody(b string) (string, error) {
	return cleanText(b, "post", "Please shorten it or split it into two posts.")
}

// cleanText trims a body and checks it is neither empty nor longer than
// MaxBodyRunes; the errors call it "your <what>", and one too long says
// shorten (what to do about it).
func cleanText(b, what, shorten string) (string, error) {
	b = strings.TrimSpace(strings.ReplaceAll(b, "\r\n", "\n"))
	if b == "" {
		return b, FieldErrorf("body", "Your %s is empty. Please write something before you send it.", what)
	}
	if n := utf8.RuneCountInString(b); n > MaxBodyRunes {
		return b, FieldErrorf("body", "Your %s is %d characters long; the limit is %d. %s Your text is still here.", what, n, MaxBodyRunes, shorten)
	}
	return b, nil
}
