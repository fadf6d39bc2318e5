package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// Private messages (issue 13): the pages under /messages, blocks under
// /settings/blocks, reported messages under /mod/messages, and the JSON
// API under /api/v1/messages. Storage decides who reads what (only the
// participants); these handlers add the rate limits and the forms.

func (s *Server) messageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /messages", s.handleMessageList)
	mux.HandleFunc("GET /messages/new", s.handleMessageNew)
	mux.HandleFunc("POST /messages/new", s.handleMessageStart)
	mux.HandleFunc("GET /messages/{id}", s.handleMessageShow)
	mux.HandleFunc("POST /messages/{id}/reply", s.handleMessageReply)
	mux.HandleFunc("POST /messages/{id}/leave", s.handleMessageLeave)
	mux.HandleFunc("GET /messages/{id}/m/{mid}/report", s.handleMessageReportForm)
	mux.HandleFunc("POST /messages/{id}/m/{mid}/report", s.handleMessageReport)
	mux.HandleFunc("GET /settings/blocks", s.handleBlockList)
	mux.HandleFunc("POST /settings/blocks", s.handleBlockChange)
	mux.HandleFunc("GET /mod/messages/{mid}", s.handleModMessage)
	mux.HandleFunc("POST /mod/messages/{mid}", s.handleModMessageAction)

	mux.HandleFunc("GET /api/v1/messages", s.api(s.handleAPIMessageList))
	mux.HandleFunc("POST /api/v1/messages", s.api(s.handleAPIMessageStart))
	mux.HandleFunc("GET /api/v1/messages/{id}", s.api(s.handleAPIMessageShow))
	mux.HandleFunc("POST /api/v1/messages/{id}", s.api(s.handleAPIMessageReply))
}

// messageDone says what just happened, on the page the member lands on.
var messageDone = map[string]string{
	"left":      "You left the conversation. It no longer shows in your messages.",
	"blocked":   "Blocked. That member can no longer send you messages. You can unblock them here at any time.",
	"unblocked": "Unblocked. That member can send you messages again.",
	"reported":  "Thank you. The moderators will read that message, and only that message, and decide. They never tell its author who reported it.",
	"kept":      "Kept. The reports on the message are closed.",
	"removed":   "Removed. The participants now see that the moderators removed it.",
}

// allowNewConversation applies the general posting limit and, for new
// members, the daily limit on new conversations.
func (s *Server) allowNewConversation(ctx context.Context, v *hearth.Member) error {
	if err := s.allowPost(ctx, v); err != nil {
		return err
	}
	isNew, err := s.store.IsNewToMessages(ctx, v)
	if err != nil {
		return err
	}
	if isNew && !s.allow(ctx, "conversation:new:"+strconv.FormatInt(v.ID, 10), hearth.NewMemberConversationsPerDay, 24*time.Hour) {
		return hearth.Errorf(hearth.ERateLimited, "New members can start %d conversations a day, to keep the site free of spam, and you have reached that for today. "+
			"You can still reply in the conversations you have. The limit goes away once your account is a day old and one of your posts is published. Your message is still here.",
			hearth.NewMemberConversationsPerDay)
	}
	return nil
}

// --- Pages -------------------------------------------------------------

func (s *Server) handleMessageList(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	cs, err := s.store.ListConversations(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "messages.html", &view{Title: "Messages", NoIndex: true, Data: map[string]any{
		"Conversations": cs, "Done": messageDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleMessageNew(w http.ResponseWriter, r *http.Request) {
	if viewer(r) == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	f := &form{Values: map[string]string{}}
	if to := hearth.ParseHandles(r.URL.Query().Get("to")); len(to) > 0 {
		f.Values["to"] = "@" + strings.Join(to, ", @")
	}
	s.renderMessageNew(w, r, http.StatusOK, f)
}

func (s *Server) renderMessageNew(w http.ResponseWriter, r *http.Request, status int, f *form) {
	s.render(w, r, status, "message_new.html", &view{Title: "New message", NoIndex: true, Data: map[string]any{
		"Form": f, "Max": hearth.MaxParticipants - 1}})
}

func (s *Server) handleMessageStart(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "message") {
		return
	}
	v := viewer(r)
	if v == nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EUnauthorized, "Please sign in to send messages."))
		return
	}
	f := newForm(r, "to", "subject", "body")
	err := s.allowNewConversation(r.Context(), v)
	var c *hearth.Conversation
	var m *hearth.Message
	if err == nil {
		c, m, err = s.store.StartConversation(r.Context(), v, hearth.NewConversation{To: hearth.ParseHandles(f.Values["to"]), Subject: f.Values["subject"], Body: f.Values["body"]})
	}
	if err != nil {
		s.logIfInternal(r, err)
		if hearth.ErrorCode(err) == hearth.EInternal {
			f.fail(hearth.Errorf(hearth.EInternal, "Something went wrong on our side, and your message was not sent. Please try again in a minute; your text is still here."))
		} else {
			f.fail(err)
		}
		s.renderMessageNew(w, r, statusOf(err), f)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/messages/%d#m%d", c.ID, m.ID), http.StatusSeeOther)
}

func (s *Server) handleMessageShow(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderConversation(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderConversation(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v := viewer(r)
	id, err := pathID(r, "id")
	var c *hearth.Conversation
	if err == nil {
		c, err = s.store.FindConversation(r.Context(), v, id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	type other struct {
		Handle  string
		Blocked bool
	}
	var others []other
	for _, h := range c.Others(v.Handle) {
		b, err := s.store.IsBlocked(r.Context(), v, h)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		others = append(others, other{h, b})
	}
	s.render(w, r, status, "message.html", &view{Title: c.Title(v.Handle), NoIndex: true, Data: map[string]any{
		"Conversation": c, "Title": c.Title(v.Handle), "Others": others, "Form": f, "Base": fmt.Sprintf("/messages/%d", c.ID),
		"Done": messageDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleMessageReply(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "message") {
		return
	}
	v := viewer(r)
	if v == nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EUnauthorized, "Please sign in to send messages."))
		return
	}
	f := newForm(r, "body")
	id, err := pathID(r, "id")
	if err == nil {
		err = s.allowPost(r.Context(), v)
	}
	var m *hearth.Message
	if err == nil {
		m, err = s.store.SendMessage(r.Context(), v, id, f.Values["body"])
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/messages/%d#m%d", id, m.ID), http.StatusSeeOther)
	case code == hearth.ENotFound || code == hearth.EUnauthorized:
		s.errorPage(w, r, err)
	default:
		s.logIfInternal(r, err)
		if code == hearth.EInternal {
			err = hearth.Errorf(hearth.EInternal, "Something went wrong on our side, and your message was not sent. Please try again in a minute; your text is still here.")
		}
		s.renderConversation(w, r, statusOf(err), f.fail(err))
	}
}

func (s *Server) handleMessageLeave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.LeaveConversation(r.Context(), viewer(r), id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/messages?done=left", http.StatusSeeOther)
}

// --- Reports -------------------------------------------------------------

func (s *Server) handleMessageReportForm(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderMessageReport(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderMessageReport(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v := viewer(r)
	mid, err := pathID(r, "mid")
	var m *hearth.Message
	if err == nil {
		m, err = s.store.FindMessage(r.Context(), v, mid)
	}
	if err == nil && strconv.FormatInt(m.ConversationID, 10) != r.PathValue("id") {
		err = hearth.Errorf(hearth.ENotFound, "There is no message at this address, or you are not in its conversation.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	reasons := flagReasonChoices(f.Values["reason"], map[hearth.FlagReason]string{ // moderation.go
		// care.go: a crisis report on a message goes first in the site moderators' queue
		hearth.FlagCrisis: "They may hurt themselves or someone else. The site's moderators see this message first in their queue. If someone is in danger now, call your local emergency number.",
	})
	s.render(w, r, status, "message_report.html", &view{Title: "Report a message by @" + m.Author, NoIndex: true, Data: map[string]any{
		"Message": m, "Form": f, "What": "message", "Reasons": reasons, "Own": m.Author == v.Handle,
		"Back": fmt.Sprintf("/messages/%d#m%d", m.ConversationID, m.ID), "Action": r.URL.Path}})
}

func (s *Server) handleMessageReport(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "note") {
		return
	}
	v := viewer(r)
	if v == nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EUnauthorized, "Please sign in to report a message."))
		return
	}
	f := newForm(r, "reason", "note")
	mid, err := pathID(r, "mid")
	if err == nil && !s.allow(r.Context(), "flag:"+strconv.FormatInt(v.ID, 10), flagsPerHour, time.Hour) {
		err = hearth.Errorf(hearth.ERateLimited, "You have sent many reports in the last hour. Thank you; please wait a while before you send more.")
	}
	if err == nil {
		_, err = s.store.ReportMessage(r.Context(), v, mid, hearth.NewFlag{Reason: hearth.FlagReason(f.Values["reason"]), Note: f.Values["note"]})
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/messages/"+r.PathValue("id")+"?done=reported", http.StatusSeeOther)
	case code == hearth.EUnauthorized || code == hearth.ENotFound || code == hearth.EInternal:
		s.errorPage(w, r, err)
	default:
		s.renderMessageReport(w, r, statusOf(err), f.fail(err))
	}
}

// --- Blocks --------------------------------------------------------------

func (s *Server) handleBlockList(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	bs, err := s.store.ListBlocks(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "blocks.html", &view{Title: "Blocked members", NoIndex: true, Data: map[string]any{
		"Blocks": bs, "Done": messageDone[r.URL.Query().Get("done")]}})
}

// handleBlockChange blocks or unblocks the member named in the form, from
// a profile, a conversation or the list of blocks.
func (s *Server) handleBlockChange(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	handle := hearth.NormalizeHandle(r.PostFormValue("handle"))
	var err error
	done := "blocked"
	if r.PostFormValue("action") == "unblock" {
		done = "unblocked"
		err = s.store.Unblock(r.Context(), v, handle)
	} else {
		err = s.store.Block(r.Context(), v, handle)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/blocks?done="+done, http.StatusSeeOther)
}

// blocked reports whether the viewer blocked handle, for profile pages.
func (s *Server) blocked(r *http.Request, handle string) bool {
	b, err := s.store.IsBlocked(r.Context(), viewer(r), handle)
	if err != nil {
		s.log.Error("blocked", "err", err)
	}
	return b
}

// --- Moderators ------------------------------------------------------------

// reportedMessages is the queue's section of reported messages: site
// staff only, and without their text.
func (s *Server) reportedMessages(r *http.Request, v *hearth.Member) []*hearth.ReportedMessage {
	if !v.IsStaff() {
		return nil
	}
	rms, err := s.store.ReportedMessages(r.Context(), v)
	if err != nil {
		s.log.Error("reported messages", "err", err)
	}
	return rms
}

func (s *Server) handleModMessage(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderModMessage(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderModMessage(w http.ResponseWriter, r *http.Request, status int, f *form) {
	mid, err := pathID(r, "mid")
	var rm *hearth.ReportedMessage
	if err == nil {
		rm, err = s.store.FindReportedMessage(r.Context(), viewer(r), mid) // writes the audit line
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var actions []actionChoice
	for _, a := range hearth.MessageActions {
		label, hint := "Keep it", "Close the reports. The message stays in its conversation."
		if a == hearth.ActRemove {
			label, hint = "Remove it", "Its participants see that the moderators removed a message. The text is kept for the record."
		}
		actions = append(actions, actionChoice{Value: a, Label: label, Hint: hint, Checked: f.Values["action"] == string(a)})
	}
	s.render(w, r, status, "mod_message.html", &view{Title: "Reported private message", NoIndex: true, Data: map[string]any{
		"R": rm, "Form": f, "Actions": actions}})
}

func (s *Server) handleModMessageAction(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "action", "reason")
	mid, err := pathID(r, "mid")
	if err == nil {
		err = s.store.ModerateMessage(r.Context(), viewer(r), mid, hearth.ModAction(f.Values["action"]), f.Values["reason"])
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		done := "kept"
		if f.Values["action"] == string(hearth.ActRemove) {
			done = "removed"
		}
		http.Redirect(w, r, "/mod?done=message-"+done, http.StatusSeeOther)
	case code == hearth.EInvalid:
		s.renderModMessage(w, r, statusOf(err), f.fail(err))
	default:
		s.errorPage(w, r, err)
	}
}

func init() {
	modDone["message-kept"] = messageDone["kept"]
	modDone["message-removed"] = messageDone["removed"]
}

// --- JSON API ----------------------------------------------------------------

func (s *Server) handleAPIMessageList(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.store.ListConversations(r.Context(), viewer(r))
	return writeJSONList(w, "conversations", cs, err) // api.go
}

func (s *Server) handleAPIMessageShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.FindConversation(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) handleAPIMessageStart(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		To      []string `json:"to"`
		Subject string   `json:"subject"`
		Body    string   `json:"body"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	v := viewer(r)
	if v == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to send messages.")
	}
	if err := s.allowNewConversation(r.Context(), v); err != nil {
		return err
	}
	c, m, err := s.store.StartConversation(r.Context(), v, hearth.NewConversation{To: in.To, Subject: in.Subject, Body: in.Body})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"conversation": c, "message": m})
}

func (s *Server) handleAPIMessageReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	v := viewer(r)
	if v == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to send messages.")
	}
	if err := s.allowPost(r.Context(), v); err != nil {
		return err
	}
	m, err := s.store.SendMessage(r.Context(), v, id, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}
