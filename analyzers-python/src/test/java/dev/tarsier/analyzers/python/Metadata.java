package dev.tarsier.analyzers.python;

/** Realistic core metadata files, as pip and setuptools write them. */
final class Metadata {

    private Metadata() {
    }

    /** {@code requests-2.31.0.dist-info/METADATA} (metadata 2.1, with a description body). */
    static final String REQUESTS = """
            Metadata-Version: 2.1
            Name: requests
            Version: 2.31.0
            Summary: Python HTTP for Humans.
            Home-page: https://requests.readthedocs.io
            Author: Kenneth Reitz
            Author-email: me@kennethreitz.org
            License: Apache 2.0
            Project-URL: Documentation, https://requests.readthedocs.io
            Classifier: Development Status :: 5 - Production/Stable
            Classifier: License :: OSI Approved :: Apache Software License
            Requires-Python: >=3.7
            Description-Content-Type: text/markdown
            License-File: LICENSE
            Requires-Dist: charset-normalizer (<4,>=2)
            Requires-Dist: idna (<4,>=2.5)

            # Requests

            **Requests** is a simple, yet elegant, HTTP library.

            Name: not-a-header
            Version: 9.9.9
            """;

    /** Metadata 2.4 with a License-Expression and an odd-cased, underscored name. */
    static final String FLASK_SQLALCHEMY = """
            Metadata-Version: 2.4
            Name: Flask_SQLAlchemy
            Version: 3.1.1
            License-Expression: BSD-3-Clause
            Classifier: License :: OSI Approved :: BSD License

            """;

    /** {@code setup.py install} PKG-INFO (metadata 1.1) with a license text spread over lines. */
    static final String PYYAML_PKG_INFO = """
            Metadata-Version: 1.1
            Name: PyYAML
            Version: 5.3.1
            Summary: YAML parser and emitter for Python
            License: Copyright (c) 2017-2020 Ingy döt Net
                    Copyright (c) 2006-2016 Kirill Simonov
                    Permission is hereby granted, free of charge, to any person obtaining a copy
            Platform: Any
            Classifier: License :: OSI Approved :: MIT License
            Classifier: Programming Language :: Python :: 3
            """;

    /** Debian's {@code dist-packages/six-1.16.0.egg-info} file. */
    static final String SIX_EGG_INFO = """
            Metadata-Version: 1.2
            Name: six
            Version: 1.16.0
            Summary: Python 2 and 3 compatibility utilities
            Home-page: https://github.com/benjaminp/six
            Author: Benjamin Peterson
            License: MIT
            Platform: UNKNOWN
            Classifier: License :: OSI Approved :: MIT License
            Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*
            """;

    /** A file whose Version field is missing. */
    static final String NO_VERSION = """
            Metadata-Version: 2.1
            Name: zope.interface
            License: UNKNOWN
            Classifier: License :: OSI Approved :: Zope Public License
            """;
}
