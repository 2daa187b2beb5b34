"""The wizard's storage is the application itself: a draft outlives the browser, the
device and the server, and every step is kept when left, complete or not."""

import copy

from formtools.wizard.storage.base import BaseStorage


class ApplicationStorage(BaseStorage):
    def __init__(self, application, prefix):
        super().__init__(prefix)
        self.application = application
        self.init_data()
        stored = application.form_data or {}
        self.data[self.step_key] = stored.get(self.step_key)
        self.data[self.step_data_key] = copy.deepcopy(stored.get(self.step_data_key, {}))
        self._loaded = copy.deepcopy(self.data)

    def reset(self):
        """After a submission the working copy stays: later edits start from it."""
        self.current_step = None

    def set_step_files(self, step, files):
        """Files never go through the wizard: each is sent and checked on its own."""

    def get_step_files(self, step):
        return None

    def mark_saved(self):
        self._loaded = copy.deepcopy(self.data)

    @property
    def changed(self) -> bool:
        return self.data != self._loaded

    def as_form_data(self) -> dict:
        return {
            self.step_key: self.data[self.step_key],
            self.step_data_key: self.data[self.step_data_key],
        }

    def update_response(self, response):
        """Saving is the view's job (through the service, which checks the deadline)."""
