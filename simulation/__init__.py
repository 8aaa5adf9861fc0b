"""`wijkraad simulate`: a whole four-year cycle for the councils of Oss, played forward with
the clock through the real commands and flows, on synthetic residents."""
