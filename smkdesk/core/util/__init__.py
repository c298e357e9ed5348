"""Small helpers every layer may use: times, text cleaning, numbers, child processes."""
