"""Development code that tests and benchmarks share: a loopback stand-in for the Telegram
Bot API, synthetic directories, and the relevance sets' reader. Not installed with kontakt."""
