package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/upload"
	"github.com/hearth-community/hearth/web"
)

// storySite is a real server (real router, real database, an upload
// directory) for the stories, sharing and feed tests. Its public address
// is https://hearth.example, so absolute links are easy to recognise.
type storySite struct {
	t       *testing.T
	db      *sqldb.DB
	srv     *httptest.Server
	members map[string]*hearth.Member
	threads map[hearth.Visibility]*hearth.Thread
	uploads upload.Dir
}

const (
	storyPW  = "a long enough password"
	siteBase = "https://hearth.example"
)

func newStorySite(t *testing.T) *storySite {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	s := &storySite{t: t, db: db, members: map[string]*hearth.Member{}, threads: map[hearth.Visibility]*hearth.Thread{},
		uploads: upload.Dir(t.TempDir())}
	for h, role := range map[string]hearth.Role{"author": hearth.RoleMember, "reader": hearth.RoleMember, "clin": hearth.RoleClinician,
		"the_mod": hearth.RoleModerator, "quiet": hearth.RoleMember} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@members.example.org", Password: storyPW, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		s.members[h] = m
	}
	for _, v := range []hearth.Visibility{hearth.Public, hearth.MembersOnly, hearth.Private} {
		slug := "c-" + string(v)
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: slug, Name: "Community " + string(v), Description: "About " + string(v), Visibility: v}); err != nil {
			t.Fatal(err)
		}
		db.AddMember(ctx, slug, "author")
		th, err := db.CreateThread(ctx, s.members["author"], slug, hearth.NewThread{Title: "Thread in " + string(v), Body: "Opening of the " + string(v) + " thread"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateReply(ctx, s.members["author"], th.ID, "A reply in "+string(v)+" with <b>bold</b> & more"); err != nil {
			t.Fatal(err)
		}
		s.threads[v] = th
	}
	s.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 1000, BaseURL: siteBase, Uploads: s.uploads},
		slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *storySite) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *storySite) as(handle string) *http.Client {
	c := s.client()
	if res := s.post(c, "/signin", url.Values{"login": {handle}, "password": {storyPW}}); res.code != http.StatusSeeOther {
		s.t.Fatalf("sign in as %s: %d", handle, res.code)
	}
	return c
}

func (s *storySite) do(c *http.Client, req *http.Request) response {
	s.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(b), res.Header}
}

func (s *storySite) get(c *http.Client, path string) response {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
	return s.do(c, req)
}

func (s *storySite) post(c *http.Client, path string, form url.Values) response {
	s.t.Helper()
	req, _ := http.NewRequest("POST", s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(c, req)
}

// postMultipart sends the story form as a browser does, with an
// optional cover file.
func (s *storySite) postMultipart(c *http.Client, path string, form url.Values, cover []byte) response {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("cover", "IMG_0042.jpg")
	fw.Write(cover) // an empty part when no file was chosen, as browsers send
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(c, req)
}

// base is a story's path without its title part, where its actions live.
func base(storyPath string) string {
	return regexp.MustCompile(`^(/u/[^/]+/stories/\d+).*`).ReplaceAllString(storyPath, "$1")
}

// createStory publishes a story through the form and returns its path.
func (s *storySite) createStory(c *http.Client, handle, title, body string, v hearth.Visibility) string {
	s.t.Helper()
	res := s.postMultipart(c, "/u/"+handle+"/stories/new", url.Values{"title": {title}, "body": {body}, "visibility": {string(v)}}, nil)
	if res.code != http.StatusSeeOther {
		s.t.Fatalf("create story %q: %d %s", title, res.code, res.body)
	}
	return res.header.Get("Location")
}

// gpsSecret hides in the test photo's EXIF data.
const gpsSecret = "GPS 42.3601 N 71.0589 W"

// photoWithEXIF is a JPEG straight from a phone: EXIF with a description
// holding gpsSecret and a GPS block.
func photoWithEXIF(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	entry := func(tag, typ uint16, count, value uint32) {
		tiff = le.AppendUint16(tiff, tag)
		tiff = le.AppendUint16(tiff, typ)
		tiff = le.AppendUint32(tiff, count)
		tiff = le.AppendUint32(tiff, value)
	}
	descOff := uint32(8 + 2 + 2*12 + 4)
	tiff = le.AppendUint16(tiff, 2)
	entry(0x010E, 2, uint32(len(gpsSecret)+1), descOff)   // ImageDescription
	entry(0x8825, 4, 1, descOff+uint32(len(gpsSecret)+1)) // GPSInfo
	tiff = le.AppendUint32(tiff, 0)
	tiff = append(append(tiff, gpsSecret...), 0)
	tiff = le.AppendUint16(tiff, 1)
	entry(0x0001, 2, 2, 'N')
	tiff = le.AppendUint32(tiff, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(seg)+2))
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), append(app1, seg...)...), b[2:]...)
}

var coverRE = regexp.MustCompile(`src="/uploads/([0-9a-f]{32}\.jpg)"`)

func TestStoryWithCoverImage(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	photo := photoWithEXIF(t)
	if !bytes.Contains(photo, []byte(gpsSecret)) {
		t.Fatal("test photo lacks its EXIF data")
	}
	body := "We tried the diet (see https://en.wikipedia.org/wiki/Ketogenic_diet_(epilepsy)) for a year. Thanks @reader!"
	res := s.postMultipart(author, "/u/author/stories/new", url.Values{"title": {"A year of keto"}, "body": {body},
		"visibility": {"public"}, "cover_alt": {"Our kitchen scale"}}, photo)
	if res.code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.code, res.body)
	}
	loc := res.header.Get("Location")
	if !regexp.MustCompile(`^/u/author/stories/\d+/a-year-of-keto$`).MatchString(loc) {
		t.Fatalf("story URL %q", loc)
	}
	page := s.get(s.client(), loc)
	m := coverRE.FindStringSubmatch(page.body)
	if page.code != 200 || m == nil {
		t.Fatalf("story page: %d, cover missing", page.code)
	}
	for _, want := range []string{
		`<h1 id="story-title">A year of keto</h1>`,
		`alt="Our kitchen scale" width="64" height="48"`,
		// Bare URLs autolink, parentheses included, the sentence's own ")" left out.
		`<a href="https://en.wikipedia.org/wiki/Ketogenic_diet_(epilepsy)" rel="nofollow ugc noopener">https://en.wikipedia.org/wiki/Ketogenic_diet_(epilepsy)</a>) for a year`,
		`<a href="/u/reader" class="mention">@reader</a>`,
		`<meta property="og:image" content="` + siteBase + `/uploads/` + m[1] + `">`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("story page lacks %s", want)
		}
	}
	img := s.get(s.client(), "/uploads/"+m[1])
	if img.code != 200 || img.header.Get("Content-Type") != "image/jpeg" || img.header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(img.header.Get("Cache-Control"), "public") {
		t.Errorf("image response: %d %v", img.code, img.header)
	}
	if strings.Contains(img.body, gpsSecret) || strings.Contains(img.body, "Exif") {
		t.Error("the served image still carries EXIF data")
	}
	if _, err := jpeg.Decode(strings.NewReader(img.body)); err != nil {
		t.Errorf("served image does not decode: %v", err)
	}
	// Invalid names never reach the disk.
	for _, bad := range []string{"../hearth.db", "..%2fhearth.db", strings.Repeat("0", 32) + ".jpg", "x.svg"} {
		if r := s.get(s.client(), "/uploads/"+bad); r.code != 404 && r.code != http.StatusTemporaryRedirect {
			t.Errorf("/uploads/%s: %d", bad, r.code)
		}
	}
	// Turning the story members-only hides the cover from guests.
	edit := s.postMultipart(author, strings.Replace(loc, "/a-year-of-keto", "/edit", 1), url.Values{"title": {"A year of keto"}, "body": {body},
		"visibility": {"members"}, "cover_alt": {"Our kitchen scale"}}, nil)
	if edit.code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", edit.code, edit.body)
	}
	if r := s.get(s.client(), "/uploads/"+m[1]); r.code != 404 {
		t.Errorf("guest gets a members-only cover: %d", r.code)
	}
	if r := s.get(s.as("reader"), "/uploads/"+m[1]); r.code != 200 || !strings.Contains(r.header.Get("Cache-Control"), "private") {
		t.Errorf("member gets a members-only cover: %d %s", r.code, r.header.Get("Cache-Control"))
	}
	// Removing the cover deletes the file.
	s.postMultipart(author, strings.Replace(loc, "/a-year-of-keto", "/edit", 1), url.Values{"title": {"A year of keto"}, "body": {body},
		"remove_cover": {"1"}}, nil)
	if f, _, err := s.uploads.Open(context.Background(), m[1]); err == nil {
		f.Close()
		t.Error("removed cover still on disk")
	}
}

func TestStoryFormComesBackWithProblems(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	text := "My long story, kept safe.\n\nSecond paragraph."
	big := append(photoWithEXIF(t), make([]byte, upload.MaxBytes)...)
	for name, tc := range map[string]struct {
		cover  []byte
		form   url.Values
		status int
		want   string
	}{
		"not an image":   {[]byte("<svg onload=alert(1)>"), nil, 400, "JPEG or PNG"},
		"image too big":  {big, nil, 413, "larger than 5 MB"},
		"no title":       {nil, url.Values{"title": {" "}}, 400, "give your story a title"},
		"bad visibility": {nil, url.Values{"visibility": {"private"}}, 400, "who can read your story"},
	} {
		form := url.Values{"title": {"My title"}, "body": {text}, "visibility": {"public"}}
		for k, v := range tc.form {
			form[k] = v
		}
		res := s.postMultipart(author, "/u/author/stories/new", form, tc.cover)
		if res.code != tc.status || !strings.Contains(res.body, tc.want) || !strings.Contains(res.body, "My long story, kept safe.") || !strings.Contains(res.body, `role="alert"`) {
			t.Errorf("%s: %d, want %d with %q and the text kept", name, res.code, tc.status, tc.want)
		}
	}
	// A cover sent with a form that comes back is kept for the next send.
	res := s.postMultipart(author, "/u/author/stories/new", url.Values{"title": {" "}, "body": {text}}, photoWithEXIF(t))
	m := regexp.MustCompile(`name="cover_upload" value="([0-9a-f]{32}\.jpg)"`).FindStringSubmatch(res.body)
	if res.code != 400 || m == nil {
		t.Fatalf("cover not kept: %d", res.code)
	}
	if r := s.get(s.client(), "/uploads/"+m[1]); r.code != 404 {
		t.Errorf("a guest sees a pending upload: %d", r.code)
	}
	if r := s.get(author, "/uploads/"+m[1]); r.code != 200 {
		t.Errorf("its owner cannot preview a pending upload: %d", r.code)
	}
	// Another member cannot use it.
	res = s.postMultipart(s.as("reader"), "/u/reader/stories/new", url.Values{"title": {"Stolen"}, "body": {"x"}, "cover_upload": {m[1]}}, nil)
	if res.code != 400 || !strings.Contains(res.body, "could not find the image") {
		t.Errorf("another member's pending upload: %d", res.code)
	}
	res = s.postMultipart(author, "/u/author/stories/new", url.Values{"title": {"Now titled"}, "body": {text}, "cover_upload": {m[1]}}, nil)
	if res.code != http.StatusSeeOther {
		t.Fatalf("send again: %d", res.code)
	}
	if page := s.get(s.client(), res.header.Get("Location")); !strings.Contains(page.body, m[1]) {
		t.Error("kept cover not used")
	}
	// Writing on someone else's page is not possible.
	if r := s.postMultipart(author, "/u/reader/stories/new", url.Values{"title": {"x"}, "body": {"y"}}, nil); r.code != http.StatusForbidden {
		t.Errorf("story on another member's page: %d", r.code)
	}
	if r := s.get(s.client(), "/u/author/stories/new"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/signin") {
		t.Errorf("new story signed out: %d", r.code)
	}
}

func TestStoryPrivacyGuard(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	body := "Call me at 617-555-0199 if you want to talk."
	form := url.Values{"title": {"Reach out"}, "body": {body}, "visibility": {"public"}}
	res := s.postMultipart(author, "/u/author/stories/new", form, nil)
	if res.code != 200 || !strings.Contains(res.body, "could identify someone") || !strings.Contains(res.body, "<mark>617-555-0199</mark>") ||
		!strings.Contains(res.body, `name="publish_anyway"`) {
		t.Fatalf("findings not shown: %d", res.code)
	}
	if list := s.get(s.client(), "/u/author/stories"); strings.Contains(list.body, "Reach out") {
		t.Fatal("published before the author confirmed")
	}
	// Replace all: the placeholder goes in, nothing is published.
	form.Set("action", "redact_all")
	res = s.postMultipart(author, "/u/author/stories/new", form, nil)
	if res.code != 200 || !strings.Contains(res.body, "Call me at [phone] if you want to talk.") {
		t.Errorf("replace all: %d", res.code)
	}
	form.Del("action")
	form.Set("publish_anyway", "1")
	if res = s.postMultipart(author, "/u/author/stories/new", form, nil); res.code != http.StatusSeeOther {
		t.Fatalf("publish anyway: %d", res.code)
	}
	// Clinicians cannot publish identifiers at all.
	res = s.postMultipart(s.as("clin"), "/u/clin/stories/new", form, nil)
	if res.code != 200 || strings.Contains(res.body, `name="publish_anyway"`) || !strings.Contains(res.body, "please replace these details") {
		t.Errorf("clinician with publish_anyway: %d", res.code)
	}
	if list := s.get(s.client(), "/u/clin/stories"); strings.Contains(list.body, "Reach out") {
		t.Error("clinician's story with a phone number was published")
	}
	// Comments are guarded too, for guests as well.
	path := s.createStory(author, "author", "Clean story", "Nothing private here.", hearth.Public)
	res = s.post(s.client(), base(path)+"/comments", url.Values{"name": {"Guest"}, "email": {"g@example.org"}, "body": {body}})
	if res.code != 200 || !strings.Contains(res.body, "<mark>617-555-0199</mark>") {
		t.Errorf("guest comment with a phone number: %d", res.code)
	}
}

var idRE = regexp.MustCompile(`/stories/(\d+)`)

func TestGuestReplyForm(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	path := s.createStory(author, "author", "What helped us", "Long walks (https://example.org/walks_(guide)) and patience.", hearth.Public)
	guestEmail := "private.person@guest.example.net"
	anon := s.client()
	page := s.get(anon, path)
	for _, want := range []string{`<h2 id="reply-heading">Leave a reply</h2>`, `name="name"`, `name="email"`, `name="website"`, `<p>No comments yet.</p>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("guest form lacks %s", want)
		}
	}
	// A problem brings the form back, refilled, with the problem named.
	res := s.post(anon, base(path)+"/comments", url.Values{"name": {"Robin"}, "email": {""}, "website": {"robin.example.org"}, "body": {"Thank you!"}})
	if res.code != 400 || !strings.Contains(res.body, "enter your email address") || !strings.Contains(res.body, `value="Robin"`) ||
		!strings.Contains(res.body, ">Thank you!</textarea>") || !strings.Contains(res.body, `id="guest-email" name="email" type="email" maxlength="254" required autocomplete="email" value="" aria-describedby="guest-email-hint form-error" aria-invalid="true"`) {
		t.Errorf("missing email: %d %s", res.code, res.body)
	}
	res = s.post(anon, base(path)+"/comments", url.Values{"name": {"Robin"}, "email": {guestEmail}, "website": {"robin.example.org"}, "body": {"Thank you for writing this!"}})
	if res.code != http.StatusSeeOther || !strings.HasSuffix(res.header.Get("Location"), "?held=1#comments") {
		t.Fatalf("guest comment: %d %s", res.code, res.body)
	}
	if page := s.get(anon, res.header.Get("Location")); !strings.Contains(page.body, "will appear after the story's author or a moderator approves it") {
		t.Error("no notice after sending")
	}
	// Held: nobody but the author and moderators sees it, or a count.
	for who, c := range map[string]*http.Client{"anonymous": anon, "reader": s.as("reader")} {
		p := s.get(c, path)
		if strings.Contains(p.body, "Thank you for writing this!") || strings.Contains(p.body, "Robin") || strings.Contains(p.body, "Comments (") || strings.Contains(p.body, "approval") {
			t.Errorf("%s sees the held comment or its count", who)
		}
	}
	mod := s.as("the_mod")
	for who, c := range map[string]*http.Client{"author": author, "moderator": mod} {
		p := s.get(c, path)
		if !strings.Contains(p.body, "Thank you for writing this!") || !strings.Contains(p.body, "Waiting for approval") || !strings.Contains(p.body, `value="approve"`) {
			t.Errorf("%s does not see the held comment with Approve", who)
		}
	}
	if list := s.get(author, "/u/author/stories"); !strings.Contains(list.body, "1 waiting for approval") {
		t.Error("the author's list does not show the waiting comment")
	}
	cid := regexp.MustCompile(`id="c(\d+)"`).FindStringSubmatch(s.get(author, path).body)[1]
	if r := s.post(s.as("reader"), base(path)+"/comments/"+cid, url.Values{"action": {"approve"}}); r.code != 404 {
		t.Errorf("a reader approves: %d", r.code)
	}
	if r := s.post(author, base(path)+"/comments/"+cid, url.Values{"action": {"approve"}}); r.code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.code, r.body)
	}
	p := s.get(anon, path)
	if !strings.Contains(p.body, "Thank you for writing this!") || !strings.Contains(p.body, "Comments (1)") ||
		!strings.Contains(p.body, `<a class="author" href="https://robin.example.org" rel="nofollow ugc noopener">Robin</a> <span class="badge">Guest</span>`) {
		t.Errorf("approved guest comment not shown right: %s", p.body)
	}
	// A member replies to it; the reply nests under it.
	reply := s.get(s.as("reader"), path+"?reply="+cid)
	if !strings.Contains(reply.body, `<input type="hidden" name="parent" value="`+cid+`">`) || !strings.Contains(reply.body, "Replying to Robin") {
		t.Error("reply form does not name the comment")
	}
	if r := s.post(s.as("reader"), base(path)+"/comments", url.Values{"parent": {cid}, "body": {"Welcome here, and thanks."}}); r.code != http.StatusSeeOther {
		t.Fatalf("member reply: %d %s", r.code, r.body)
	}
	if p := s.get(anon, path); !regexp.MustCompile(`(?s)<ol class="comments replies">.*Welcome here, and thanks\.`).MatchString(p.body) {
		t.Error("reply is not nested")
	}
	// The guest's email is never shown or exported: not to the author, a
	// moderator, the API or anyone else.
	id := idRE.FindStringSubmatch(path)[1]
	tok, _ := s.db.CreateToken(context.Background(), s.members["author"].ID, "test")
	req, _ := http.NewRequest("GET", s.srv.URL+"/api/v1/stories/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	api := s.do(s.client(), req)
	for where, body := range map[string]string{"author's page": s.get(author, path).body, "moderator's page": s.get(mod, path).body,
		"guest page": s.get(anon, path).body, "author's API": api.body, "public API": s.get(anon, "/api/v1/stories/"+id).body,
		"feed": s.get(anon, "/feeds/u/author/stories.atom").body} {
		if strings.Contains(body, guestEmail) || strings.Contains(body, "guest.example.net") {
			t.Errorf("%s shows the guest's email", where)
		}
	}
	if !strings.Contains(api.body, `"guest_name": "Robin"`) {
		t.Errorf("API lacks the guest comment: %s", api.body)
	}
	// Removing it takes its reply along.
	if r := s.post(mod, base(path)+"/comments/"+cid, url.Values{"action": {"remove"}}); r.code != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.code)
	}
	if p := s.get(author, path); strings.Contains(p.body, "Robin") {
		t.Error("removed comment still shown")
	}
}

func TestGuestCommentRateLimit(t *testing.T) {
	s := newStorySite(t)
	path := s.createStory(s.as("author"), "author", "Open for comments", "Say hello.", hearth.Public)
	anon := s.client()
	for i := 1; i <= 6; i++ {
		res := s.post(anon, base(path)+"/comments", url.Values{"name": {"Guest"}, "email": {"g@example.org"}, "body": {"Hello number " + strconv.Itoa(i)}})
		if i <= 5 && res.code != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, res.code)
		}
		if i == 6 && (res.code != http.StatusTooManyRequests || !strings.Contains(res.body, "Hello number 6")) {
			t.Errorf("comment 6: %d, want 429 with the text kept", res.code)
		}
	}
	// Members are not limited by the guests' counter.
	if res := s.post(s.as("reader"), base(path)+"/comments", url.Values{"body": {"Member hello"}}); res.code != http.StatusSeeOther {
		t.Errorf("member comment after guests hit the limit: %d", res.code)
	}
}

func TestMembersOnlyStory(t *testing.T) {
	s := newStorySite(t)
	path := s.createStory(s.as("author"), "author", "Only for members", "Family details here.", hearth.MembersOnly)
	anon := s.client()
	if r := s.get(anon, path); r.code != 404 || strings.Contains(r.body, "Only for members") {
		t.Errorf("guest reads a members-only story: %d", r.code)
	}
	if r := s.post(anon, base(path)+"/comments", url.Values{"name": {"G"}, "email": {"g@example.org"}, "body": {"hi"}}); r.code != 404 {
		t.Errorf("guest comments on a members-only story: %d", r.code)
	}
	page := s.get(s.as("reader"), path)
	if page.code != 200 || !strings.Contains(page.body, "Members only") {
		t.Fatalf("member reads it: %d", page.code)
	}
	assertNoSharing(t, "members-only story", page.body)
	if !strings.Contains(page.body, `<meta name="robots" content="noindex">`) {
		t.Error("members-only story is indexable")
	}
	if list := s.get(anon, "/u/author/stories"); strings.Contains(list.body, "Only for members") {
		t.Error("guest's story list shows a members-only story")
	}
	// A member with only members-only stories gets no sharing on the profile.
	for _, p := range []string{"/u/author", "/u/author/stories"} {
		assertNoSharing(t, p, s.get(s.as("reader"), p).body)
	}
}

// assertNoSharing fails if a page carries any sharing metadata.
func assertNoSharing(t *testing.T, what, body string) {
	t.Helper()
	for _, leak := range []string{"og:", "twitter:", "application/atom+xml", `class="share"`, "facebook.com", "linkedin.com", "x.com/intent"} {
		if strings.Contains(body, leak) {
			t.Errorf("%s has %s", what, leak)
		}
	}
}

var metaRE = regexp.MustCompile(`<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">`)

func metaTags(body string) map[string]string {
	out := map[string]string{}
	for _, m := range metaRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestOpenGraphOnPublicPagesOnly(t *testing.T) {
	s := newStorySite(t)
	storyPath := s.createStory(s.as("author"), "author", "Shared story", "A story worth sharing with everyone.", hearth.Public)
	pub := s.threads[hearth.Public]
	for name, tc := range map[string]struct {
		path  string
		typ   string
		title string
		url   string
	}{
		"thread":    {threadPath(pub), "article", pub.Title, siteBase + threadPath(pub) + "/thread-in-public"},
		"community": {"/c/c-public", "website", "Community public", siteBase + "/c/c-public"},
		"story":     {storyPath, "article", "Shared story", siteBase + storyPath},
		"profile":   {"/u/author", "profile", "@author", siteBase + "/u/author"},
	} {
		for who, c := range map[string]*http.Client{"anonymous": s.client(), "member": s.as("reader")} {
			page := s.get(c, tc.path)
			og := metaTags(page.body)
			if page.code != 200 || og["og:type"] != tc.typ || og["og:title"] != tc.title || og["og:url"] != tc.url ||
				og["og:description"] == "" || og["twitter:card"] != "summary" {
				t.Errorf("%s (%s): %d %v", name, who, page.code, og)
			}
		}
	}
	share := s.get(s.client(), threadPath(pub)).body
	u := url.QueryEscape(siteBase + threadPath(pub) + "/thread-in-public")
	for _, want := range []string{
		`href="https://www.facebook.com/sharer/sharer.php?u=` + u + `"`,
		`href="https://www.linkedin.com/sharing/share-offsite/?url=` + u + `"`,
		`href="https://x.com/intent/tweet?url=` + u,
		`href="mailto:?subject=Thread%20in%20public&amp;body=`,
		`aria-label="Share on Facebook">Facebook</a>`,
	} {
		if !strings.Contains(share, want) {
			t.Errorf("public thread lacks share link %s", want)
		}
	}
	if strings.Contains(share, "<script") && !strings.Contains(share, "privacy.js") {
		t.Error("a script on the thread page other than our own")
	}
	// Members-only and private content never gets any, whoever reads.
	insider := s.as("author")
	for _, v := range []hearth.Visibility{hearth.MembersOnly, hearth.Private} {
		th := s.threads[v]
		for _, p := range []string{threadPath(th), "/c/c-" + string(v)} {
			page := s.get(insider, p)
			if page.code != 200 {
				t.Fatalf("%s: %d", p, page.code)
			}
			assertNoSharing(t, p, page.body)
		}
	}
	// A member without public stories gets none on the profile.
	assertNoSharing(t, "/u/quiet", s.get(s.client(), "/u/quiet").body)
	// Nor does a held thread in a public community.
	held, err := s.db.HoldThread(context.Background(), s.members["clin"], "c-public", hearth.NewThread{Title: "Held one", Body: "x"}, hearth.Hold{Reason: hearth.ReasonPrivacy})
	if err != nil {
		t.Fatal(err)
	}
	if page := s.get(s.as("clin"), threadPath(held)); page.code != 200 {
		t.Errorf("held thread: %d", page.code)
	} else {
		assertNoSharing(t, "held thread", page.body)
	}
}

func TestStoryAPI(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	pubPath := s.createStory(author, "author", "Public one", "Hello.", hearth.Public)
	s.createStory(author, "author", "Members one", "Hi members.", hearth.MembersOnly)
	var list struct {
		Stories []struct {
			Story hearth.Story `json:"story"`
			URL   string       `json:"url"`
		} `json:"stories"`
	}
	r := s.get(s.client(), "/api/v1/members/author/stories")
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Stories) != 1 || list.Stories[0].URL != pubPath {
		t.Fatalf("anonymous list: %v %s", err, r.body)
	}
	tok, _ := s.db.CreateToken(context.Background(), s.members["reader"].ID, "test")
	call := func(method, path, body string, auth bool) response {
		req, _ := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
		if auth {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		return s.do(s.client(), req)
	}
	if r := call("GET", "/api/v1/members/author/stories", "", true); strings.Count(r.body, `"title"`) != 2 {
		t.Errorf("member's list: %s", r.body)
	}
	id := idRE.FindStringSubmatch(pubPath)[1]
	if r := call("POST", "/api/v1/stories/"+id+"/comments", `{"body": "From the API"}`, false); r.code != 401 {
		t.Errorf("comment without a token: %d", r.code)
	}
	r = call("POST", "/api/v1/stories/"+id+"/comments", `{"body": "From the API, @author"}`, true)
	var c hearth.Comment
	if json.Unmarshal([]byte(r.body), &c); r.code != 201 || c.Author != "reader" || c.Status != "published" {
		t.Fatalf("comment with a token: %d %s", r.code, r.body)
	}
	r = call("POST", "/api/v1/stories/"+id+"/comments", `{"body": "Reply", "parent_id": `+strconv.FormatInt(c.ID, 10)+`}`, true)
	if r.code != 201 {
		t.Fatalf("reply: %d %s", r.code, r.body)
	}
	if r := call("POST", "/api/v1/stories/"+id+"/comments", `{"body": "SSN 123-45-6789"}`, true); r.code != 400 || !strings.Contains(r.body, `"findings"`) {
		t.Errorf("comment with an identifier: %d %s", r.code, r.body)
	}
	var show struct {
		Story    hearth.Story      `json:"story"`
		Comments []*hearth.Comment `json:"comments"`
	}
	r = s.get(s.client(), "/api/v1/stories/"+id)
	if err := json.Unmarshal([]byte(r.body), &show); err != nil || show.Story.Title != "Public one" || len(show.Comments) != 1 || len(show.Comments[0].Replies) != 1 {
		t.Errorf("story with comments: %v %s", err, r.body)
	}
	if r := s.get(s.client(), "/api/v1/stories/999999"); r.code != 404 || !strings.Contains(r.body, `"code": "not_found"`) {
		t.Errorf("missing story: %d %s", r.code, r.body)
	}
}

func TestStoryEditAndDelete(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	path := s.createStory(author, "author", "Edit", "Draft.", hearth.Public)
	// A story titled "Edit" must not link to its own edit form.
	if strings.HasSuffix(path, "/edit") {
		t.Fatalf("story URL %q is its edit form", path)
	}
	base := "/u/author/stories/" + idRE.FindStringSubmatch(path)[1]
	if r := s.get(s.as("reader"), base+"/edit"); r.code != 403 {
		t.Errorf("reader opens the edit form: %d", r.code)
	}
	if r := s.get(author, base+"/edit"); r.code != 200 || !strings.Contains(r.body, ">Draft.</textarea>") {
		t.Errorf("edit form: %d", r.code)
	}
	if r := s.post(author, base+"/delete", url.Values{}); r.code != 400 || !strings.Contains(r.body, "Yes, delete this story") {
		t.Errorf("delete without confirming: %d", r.code)
	}
	if r := s.post(s.as("reader"), base+"/delete", url.Values{"confirm": {"1"}}); r.code != 403 {
		t.Errorf("reader deletes: %d", r.code)
	}
	if r := s.post(author, base+"/delete", url.Values{"confirm": {"1"}}); r.code != http.StatusSeeOther {
		t.Errorf("delete: %d", r.code)
	}
	if r := s.get(author, path); r.code != 404 {
		t.Errorf("deleted story: %d", r.code)
	}
	if r := s.get(s.client(), "/u/reader/stories/1"); r.code != 404 {
		t.Errorf("story under the wrong handle: %d", r.code)
	}
}
