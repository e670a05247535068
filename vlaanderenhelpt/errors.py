"""The one domain error: a refused change, with a Dutch message meant for the user."""


class DomainError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
