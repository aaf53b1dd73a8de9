/* Citation previews are added here (see the readers issue). */
