"""Loaded by Python at start-up (this directory is on PYTHONPATH): a no-op TensorBoard SummaryWriter, as the
tensorboard package is not installed here. CleanRL then skips its logging, which only makes it faster."""
import sys
import types


class SummaryWriter:
    def __init__(self, *args, **kwargs):
        pass

    def add_scalar(self, *args, **kwargs):
        pass

    def add_text(self, *args, **kwargs):
        pass

    def close(self):
        pass


module = types.ModuleType("torch.utils.tensorboard")
module.SummaryWriter = SummaryWriter
sys.modules["torch.utils.tensorboard"] = module
