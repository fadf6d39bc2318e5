package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/upload"
	"github.com/hearth-community/hearth/web"
)

// TestYourData: the export archive holds export.json and a readable page
// per story with its cover image and comments, and nothing private of
// anyone else; a second request is answered, not run twice; the delete
// form keeps the choice on a wrong password; a kept post then shows
// "deleted member" with no profile link on the thread page and in search.
func TestYourData(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	store := upload.Dir(t.TempDir())
	srv := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, Uploads: store}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	f.srv = srv

	author := f.members["author"]
	png := []byte("\x89PNG fake bytes for the archive")
	if err := store.Save(ctx, "0123456789abcdef0123456789abcdef.png", png); err != nil {
		t.Fatal(err)
	}
	if err := f.db.CreateUpload(ctx, author, &hearth.Upload{Name: "0123456789abcdef0123456789abcdef.png", ContentType: "image/png", Width: 10, Height: 10, Size: len(png)}); err != nil {
		t.Fatal(err)
	}
	st, err := f.db.CreateStory(ctx, author, hearth.NewStory{Title: "Our ocelot summer", Body: "A summer with *ocelots*.", Visibility: hearth.Public, Cover: "0123456789abcdef0123456789abcdef.png", CoverAlt: "A beach"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateComment(ctx, f.members["insider"], st.ID, hearth.NewComment{Body: "Lovely ocelot pictures."}); err != nil {
		t.Fatal(err)
	}

	c := f.signedIn("author")
	if res := f.get(c, "/settings/data"); res.code != 200 || !strings.Contains(res.body, "Prepare my export") || !strings.Contains(res.body, `href="/settings/delete"`) {
		t.Fatalf("data page: %d %s", res.code, res.body)
	}
	if res := f.get(c, "/u/author"); !strings.Contains(res.body, `href="/settings/data"`) {
		t.Fatal("the profile does not link to Your data")
	}
	res := f.post(c, "/settings/data/export", url.Values{})
	if res.code != http.StatusSeeOther {
		t.Fatalf("export: %d %s", res.code, res.body)
	}
	page := f.get(c, "/settings/data?ready=1")
	i := strings.Index(page.body, "/settings/data/export/hearth-export-")
	if i < 0 {
		t.Fatalf("no download link: %s", page.body)
	}
	link := page.body[i : i+strings.Index(page.body[i:], `"`)]
	// Asking again offers the ready export and starts no other.
	again := f.post(c, "/settings/data/export", url.Values{})
	if again.code != 200 || !strings.Contains(again.body, "already have an export ready") || !strings.Contains(again.body, link) {
		t.Fatalf("second request: %d %s", again.code, again.body)
	}
	if res := f.get(f.signedIn("insider"), link); res.code != http.StatusNotFound {
		t.Fatalf("another member downloads the export: %d", res.code)
	}
	dl := f.get(c, link)
	if dl.code != 200 || dl.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("download: %d %v", dl.code, dl.header)
	}
	z, err := zip.NewReader(strings.NewReader(dl.body), int64(len(dl.body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range z.File {
		r, _ := zf.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[zf.Name] = string(b)
	}
	var d hearth.ExportData
	if err := json.Unmarshal([]byte(files["export.json"]), &d); err != nil {
		t.Fatalf("export.json: %v", err)
	}
	if d.Profile.Handle != "author" || len(d.Threads) != 3 || len(d.Stories) != 1 || len(d.Stories[0].Comments) != 1 {
		t.Fatalf("export.json: %+v", d)
	}
	storyPage := files["stories/story-"+itoa(st.ID)+".html"]
	if !strings.Contains(storyPage, "<em>ocelots</em>") || !strings.Contains(storyPage, "Lovely ocelot pictures.") || !strings.Contains(storyPage, `src="../images/0123456789abcdef0123456789abcdef.png"`) {
		t.Fatalf("story page: %s", storyPage)
	}
	if files["images/0123456789abcdef0123456789abcdef.png"] != string(png) || files["index.html"] == "" {
		t.Fatalf("archive files: %v", len(files))
	}
	for name, body := range files {
		for _, leak := range []string{"insider@example.org", "outsider@example.org", "<script"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s holds %q", name, leak)
			}
		}
	}

	// The API gives the same JSON.
	tok := f.mustToken("author")
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me/export", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if res := f.do(f.client(), req); res.code != 200 || !strings.Contains(res.body, `"handle": "author"`) {
		t.Fatalf("API export: %d %s", res.code, res.body)
	}

	// Delete: a wrong password keeps the choice and names the problem.
	bad := f.post(c, "/settings/delete", url.Values{"choice": {"keep"}, "password": {"not my password"}})
	if bad.code != http.StatusBadRequest || !strings.Contains(bad.body, "That password is not right") || !regexpMatch(`value="keep"[^>]*checked`, bad.body) {
		t.Fatalf("wrong password: %d %s", bad.code, bad.body)
	}
	ok := f.post(c, "/settings/delete", url.Values{"choice": {"keep"}, "password": {pw}})
	if ok.code != http.StatusSeeOther || ok.header.Get("Location") != "/account-deleted" {
		t.Fatalf("delete: %d %s", ok.code, ok.body)
	}
	if res := f.get(c, "/settings/data"); res.code != http.StatusSeeOther {
		t.Fatalf("still signed in after deletion: %d", res.code)
	}
	th := f.get(f.client(), threadPath(f.threads[hearth.Public]))
	if !strings.Contains(th.body, `<span class="author">deleted member</span>`) || strings.Contains(th.body, "/u/author") || strings.Contains(th.body, "/u/~deleted") {
		t.Fatalf("thread page after deletion: %s", th.body)
	}
	if res := f.get(f.signedIn("insider"), "/search?q=public"); !strings.Contains(res.body, "deleted member") || strings.Contains(res.body, "/u/~deleted") {
		t.Fatalf("search after deletion: %s", res.body)
	}
	if res := f.get(f.client(), "/u/"+hearth.DeletedHandle(author.ID)+"/stories/"+itoa(st.ID)); res.code != 200 || !strings.Contains(res.body, "A story by a deleted member") ||
		strings.Contains(res.body, "@~deleted") || !strings.Contains(res.body, "Lovely ocelot pictures.") {
		t.Fatalf("kept story after deletion: %d %s", res.code, res.body)
	}
	if res := f.get(f.client(), "/u/"+hearth.DeletedHandle(author.ID)); res.code != http.StatusNotFound {
		t.Fatalf("deleted profile: %d", res.code)
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

// TestDeleteRemovesUploads: removing one's posts removes the pictures of
// the removed stories from the upload store, and the stories' pages.
func TestDeleteRemovesUploads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	store := upload.Dir(t.TempDir())
	srv := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, Uploads: store}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	f.srv = srv
	const name = "fedcba9876543210fedcba9876543210.png"
	if err := store.Save(ctx, name, []byte("png")); err != nil {
		t.Fatal(err)
	}
	insider := f.members["insider"]
	if err := f.db.CreateUpload(ctx, insider, &hearth.Upload{Name: name, ContentType: "image/png", Width: 1, Height: 1, Size: 3}); err != nil {
		t.Fatal(err)
	}
	st, err := f.db.CreateStory(ctx, insider, hearth.NewStory{Title: "Gone soon", Body: "Text.", Visibility: hearth.Public, Cover: name, CoverAlt: "x"})
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn("insider")
	if res := f.post(c, "/settings/delete", url.Values{"choice": {"remove"}, "password": {pw}}); res.code != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.code, res.body)
	}
	if _, _, err := store.Open(ctx, name); err == nil {
		t.Error("the cover image is still in the upload store")
	}
	if res := f.get(f.client(), "/u/"+hearth.DeletedHandle(insider.ID)+"/stories/"+itoa(st.ID)); res.code != http.StatusNotFound {
		t.Errorf("removed story: %d", res.code)
	}
	if res := f.get(f.client(), threadPath(f.threads[hearth.Public])); strings.Contains(res.body, "Reply in public") || !strings.Contains(res.body, "Body of the public thread") {
		t.Errorf("thread after the reply's author removed their posts: %s", res.body)
	}
}
