from .kits import KitBundle, KitDownload, KitMaterial, MaterialStamp, TrainerKitPage
from .sessions import (
    DIGIHELPER_MINIMUM,
    Registration,
    TrainingRequest,
    TrainingSession,
)

__all__ = [
    "DIGIHELPER_MINIMUM",
    "KitBundle",
    "KitDownload",
    "KitMaterial",
    "MaterialStamp",
    "Registration",
    "TrainerKitPage",
    "TrainingRequest",
    "TrainingSession",
]
