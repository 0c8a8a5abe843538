//! Devices: the asset register with check-out/check-in and an enforced lifecycle.
