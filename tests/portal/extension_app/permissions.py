STAFF_MODEL_PERMISSIONS = ["extensionindexpage"]
PROJECT_MANAGER_MODEL_PERMISSIONS = ["extensionindexpage"]
