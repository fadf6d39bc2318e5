package demo

import (
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/care"
)

// The demo's self-harm reply is one the detector finds, its crisis lines
// are valid, and its other warned texts trigger nothing.
func TestCareContent(t *testing.T) {
	for _, c := range CrisisResources {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
	for _, wt := range WarnedThreads {
		if err := wt.Warning.Validate(); err != nil || wt.Warning.IsZero() {
			t.Errorf("%q: warning %v", wt.Title, err)
		}
		if care.Detect(wt.Title, wt.Body) {
			t.Errorf("%q: the opening post has self-harm wording", wt.Title)
		}
		for i, r := range wt.Replies {
			if care.Detect(r.Body) != (i == wt.SelfHarmReply) {
				t.Errorf("%q reply %d: the detector disagrees with SelfHarmReply", wt.Title, i)
			}
		}
	}
	if _, ok := Mutes["firstyear_focal"]; !ok || Mutes["firstyear_focal"].Mode != hearth.MuteHide {
		t.Error("the demo has no member who hides muted posts")
	}
}

func TestCareAlertContent(t *testing.T) {
	st := CrisisStory.Story
	if err := st.Validate(); err != nil || !care.Detect(st.Title, st.Body) {
		t.Errorf("the demo's crisis story: %v, detected %v", err, care.Detect(st.Title, st.Body))
	}
}
