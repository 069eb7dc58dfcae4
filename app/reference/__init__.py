"""Reference data of the craft sector: trades, diplomas and the work-study law, dated and sourced."""
