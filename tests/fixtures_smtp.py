"""SMTP fixtures (the mail issue): a real aiosmtpd server on 127.0.0.1."""
