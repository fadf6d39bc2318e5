//go:build race

package markup

func init() { timeScale = 10 }
