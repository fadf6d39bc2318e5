package web

import "time"

// SetLiveHeartbeat shortens the live streams' heartbeat for tests.
func SetLiveHeartbeat(s *Server, d time.Duration) { s.events.heartbeat = d }

// LiveSubscribers counts the streams open on a session's room.
func LiveSubscribers(s *Server, eventID int64, date string) int {
	return s.events.broker.Subscribers(roomKey(eventID, date))
}

// LiveListening reports whether the server hears other nodes' notes.
func LiveListening(s *Server) bool { return s.events.broker.Listening() }
