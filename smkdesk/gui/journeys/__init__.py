"""The Workshops workspace: buyer-journey board, question panel."""
