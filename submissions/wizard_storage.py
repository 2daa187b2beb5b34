"""The wizard's storage is the application itself: a draft outlives the browser, the
device and the server, and every step is kept when left, complete or not."""

import copy

from formtools.wizard.storage.base import BaseStorage


class ApplicationStorage(BaseStorage):
    """Step data in `Application.form_data`, the step last opened in `form_step`."""

    def __init__(self, application, prefix):
        super().__init__(prefix)
        self.init_data()
        self.data[self.step_key] = application.form_step or None
        stored = (application.form_data or {}).get(self.step_data_key, {})
        self.data[self.step_data_key] = copy.deepcopy(stored)
        self.mark_saved()

    def reset(self):
        """After a submission the working copy stays as saved: later edits start from it
        (the submission itself sends the form back to its first step)."""

    def set_step_files(self, step, files):
        """Files never go through the wizard: each is sent and checked on its own."""

    def get_step_files(self, step):
        return None

    def mark_saved(self):
        self._saved_answers = copy.deepcopy(self.data[self.step_data_key])
        self._saved_step = self.current_step

    @property
    def step_changed(self) -> bool:
        return self.current_step != self._saved_step

    def changed_steps(self) -> dict:
        """The steps whose data changed since loaded or saved, by name."""
        saved = self._saved_answers
        return {
            step: data
            for step, data in self.data[self.step_data_key].items()
            if saved.get(step) != data
        }

    def update_response(self, response):
        """Saving is the view's job (through the service, which checks the deadline)."""
